using Ablation.Torch;

namespace Ablation.Models.Pooling;

/// <summary>
/// What a pooling head reads: the decoder's hidden states (index 0 embeddings … index L post-final-norm, see
/// <see cref="Decoders.DecoderOutput"/>), the attention mask [B, T] (1 = real token) and, optionally, a mask
/// [B, T] of instruction tokens (1 = part of the instruction) for heads that can leave them out.
/// </summary>
public sealed record PoolingInput(IReadOnlyList<Tensor> HiddenStates, Tensor AttentionMask, Tensor? InstructionMask = null)
{
    /// <summary>The final, post-norm layer [B, T, hidden].</summary>
    public Tensor LastHiddenState => HiddenStates[^1];

    /// <summary>Number of decoder layers L (hidden states minus the embedding output).</summary>
    public int NumLayers => HiddenStates.Count - 1;
}

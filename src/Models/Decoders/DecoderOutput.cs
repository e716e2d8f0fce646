using Ablation.Torch;

namespace Ablation.Models.Decoders;

/// <summary>
/// What one decoder forward pass returns.
/// <see cref="HiddenStates"/> follows the Hugging Face convention: L + 1 tensors of shape [batch, seq, hidden]
/// for a decoder with L layers; index 0 is the token embeddings, index i (1 ≤ i &lt; L) the residual stream after
/// layer i (before any norm), and index L — the last one — the output of layer L <b>after</b> the final RMSNorm
/// (HF's <c>last_hidden_state</c>). The pre-norm output of the last layer is not kept, exactly as in HF.
/// </summary>
public sealed class DecoderOutput : IDisposable
{
    public DecoderOutput(IReadOnlyList<Tensor> hiddenStates, Tensor? logits)
    {
        HiddenStates = hiddenStates;
        Logits = logits;
    }

    /// <summary>Embedding output, then every layer; the last entry is post-final-norm (see the type's summary).</summary>
    public IReadOnlyList<Tensor> HiddenStates { get; }

    /// <summary>The final, post-norm hidden state [batch, seq, hidden].</summary>
    public Tensor LastHiddenState => HiddenStates[^1];

    /// <summary>[batch, seq, vocab] when requested, else null.</summary>
    public Tensor? Logits { get; }

    public void Dispose()
    {
        foreach (var h in HiddenStates) h.Dispose();
        Logits?.Dispose();
    }
}

using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Pooling;

/// <summary>Which final-layer positions <see cref="LastLayerTrainablePooling"/> feeds its latents.</summary>
public enum LastLayerInput
{
    /// <summary>Only the last real token (the EOS): the paper's causal Model 2.</summary>
    LastToken,

    /// <summary>Every real token, padding masked out of the keys: the paper's bidirectional Model 4, fixed.</summary>
    AllTokens,

    /// <summary>Every position including padding, no key mask: reproduces the paper's Model 4 code exactly
    /// (its output then depends on how much padding the batch has).</summary>
    AllTokensUnmasked,
}

/// <summary>
/// <c>last_layer_trainable</c>: Tang &amp; Yang's Perceiver-style head on the final (post-norm) layer. Trainable
/// latents are the queries, the selected hidden states the keys/values; pre-norm cross-attention + residual,
/// pre-norm GEGLU feed-forward + residual, mean over latents, L2 normalisation. See <see cref="LatentBlock"/>.
/// </summary>
public sealed class LastLayerTrainablePooling : IPoolingHead
{
    public LastLayerTrainablePooling(int hidden, PoolingHeadConfig config, LastLayerInput input, Generator init, ScalarType dtype = ScalarType.Float32)
    {
        Input = input;
        Block = new LatentBlock(hidden, config, init, 0, dtype);
    }

    public LastLayerInput Input { get; }

    public LatentBlock Block { get; }

    public string Name => "last_layer_trainable";

    public Module? Module => Block;

    public Tensor Pool(PoolingInput input, bool normalize = true)
    {
        var h = input.LastHiddenState;
        var e = Input switch
        {
            LastLayerInput.LastToken => Block.Resample(PoolingOps.LastToken(h, input.AttentionMask).unsqueeze(1), null),
            LastLayerInput.AllTokens => Block.Resample(h, input.AttentionMask),
            _ => Block.Resample(h, null),
        };
        return normalize ? PoolingOps.L2Normalize(e) : e;
    }
}

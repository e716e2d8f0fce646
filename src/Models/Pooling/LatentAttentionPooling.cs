using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Pooling;

/// <summary>
/// <c>latent_attention</c>: NV-Embed's orientation, run by neither paper. The final-layer token states are the
/// queries and the trainable latents the keys/values: pre-norm cross-attention + residual, pre-norm GEGLU
/// feed-forward + residual, then the masked mean over real tokens and L2 normalisation. Same parameter names as
/// <see cref="LatentBlock"/> (without a layer embedding).
/// </summary>
public sealed class LatentAttentionPooling : IPoolingHead
{
    public LatentAttentionPooling(int hidden, PoolingHeadConfig config, Generator init, ScalarType dtype = ScalarType.Float32) =>
        Block = new LatentBlock(hidden, config, init, 0, dtype);

    public LatentBlock Block { get; }

    public string Name => "latent_attention";

    public Module? Module => Block;

    public Tensor Pool(PoolingInput input, bool normalize = true)
    {
        var h = input.LastHiddenState;
        var latents = Block.BatchLatents(h.shape[0]);
        var t = Block.CrossAttend(h, latents, null).add(h);
        t = Block.FeedForward(t).add(t);
        var e = PoolingOps.MaskedMean(t, input.AttentionMask);
        return normalize ? PoolingOps.L2Normalize(e) : e;
    }
}

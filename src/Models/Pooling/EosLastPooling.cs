using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Pooling;

/// <summary>
/// <c>eos_last</c>: the final-layer (post-norm) state of the last real token, which is the appended EOS when the
/// tokenizer appends it (Tang &amp; Yang's Model 1; Su et al.'s [EOS] embedding).
/// </summary>
public sealed class EosLastPooling : IPoolingHead
{
    public string Name => "eos_last";

    public Module? Module => null;

    public Tensor Pool(PoolingInput input, bool normalize = true)
    {
        var e = PoolingOps.LastToken(input.LastHiddenState, input.AttentionMask);
        return normalize ? PoolingOps.L2Normalize(e) : e;
    }
}

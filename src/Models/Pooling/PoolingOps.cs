using Ablation.Torch;

namespace Ablation.Models.Pooling;

/// <summary>Masked reductions shared by the heads; every one works for left and right padding.</summary>
public static class PoolingOps
{
    /// <summary>int64 [B]: column of the last real token of each row (the appended EOS).</summary>
    public static Tensor LastTokenIndex(Tensor attentionMask)
    {
        var mask = attentionMask.to(ScalarType.Int64);
        var positions = torch.arange(mask.shape[1], ScalarType.Int64, mask.device);
        return mask.mul(positions).argmax(1);
    }

    /// <summary>[B, D]: <paramref name="h"/> [B, T, D] at column <paramref name="index"/>[b] of each row.</summary>
    public static Tensor Gather(Tensor h, Tensor index)
    {
        long b = h.shape[0], d = h.shape[2];
        return h.gather(1, index.view(b, 1, 1).expand(b, 1, d)).squeeze(1);
    }

    /// <summary>[B, D]: the state of the last real token.</summary>
    public static Tensor LastToken(Tensor h, Tensor attentionMask) => Gather(h, LastTokenIndex(attentionMask));

    /// <summary>[B, D]: mean over the positions where <paramref name="mask"/> [B, T] is non-zero.</summary>
    public static Tensor MaskedMean(Tensor h, Tensor mask)
    {
        var m = mask.to(h.dtype).unsqueeze(-1);            // [B, T, 1]
        return h.mul(m).sum(1).div(m.sum(1).clamp_min(1e-9));
    }

    /// <summary>Unit L2 norm along the last dimension.</summary>
    public static Tensor L2Normalize(Tensor x) => torch.nn.functional.normalize(x, 2, -1);
}

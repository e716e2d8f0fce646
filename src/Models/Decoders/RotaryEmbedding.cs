using Ablation.Torch;

namespace Ablation.Models.Decoders;

/// <summary>
/// Rotary position embedding in Hugging Face's "rotate_half" layout: the two halves of each head's vector form
/// the (real, imaginary) pairs, cos/sin are computed in float32 from the position ids and cast to the model type.
/// Frequencies are θ^(−2i/d), optionally rescaled (linear, or Llama 3.1's piecewise "llama3" scaling).
/// </summary>
public sealed class RotaryEmbedding
{
    private readonly float[] _invFreq;

    public RotaryEmbedding(DecoderConfig config) => _invFreq = InverseFrequencies(config);

    /// <summary>The inverse frequencies, one per pair of dimensions.</summary>
    public IReadOnlyList<float> InverseFrequency => _invFreq;

    public static float[] InverseFrequencies(DecoderConfig config)
    {
        var d = config.HeadDim;
        var inv = new double[d / 2];
        for (var i = 0; i < inv.Length; i++) inv[i] = 1.0 / Math.Pow(config.RopeTheta, 2.0 * i / d);
        if (config.RopeScaling is { Type: "linear" } lin)
            for (var i = 0; i < inv.Length; i++) inv[i] /= lin.Factor;
        else if (config.RopeScaling is { Type: "llama3" } s)
        {
            // Long wavelengths are divided by the factor, short ones kept, the band between interpolated.
            double lowWavelen = s.OriginalMaxPositionEmbeddings / s.LowFreqFactor;
            double highWavelen = s.OriginalMaxPositionEmbeddings / s.HighFreqFactor;
            for (var i = 0; i < inv.Length; i++)
            {
                var wavelen = 2 * Math.PI / inv[i];
                if (wavelen > lowWavelen) inv[i] /= s.Factor;
                else if (wavelen >= highWavelen)
                {
                    var smooth = (s.OriginalMaxPositionEmbeddings / wavelen - s.LowFreqFactor) / (s.HighFreqFactor - s.LowFreqFactor);
                    inv[i] = (1 - smooth) * inv[i] / s.Factor + smooth * inv[i];
                }
            }
        }
        return [.. inv.Select(x => (float)x)];
    }

    /// <summary>cos and sin of shape [batch, 1, seq, headDim] for int64 <paramref name="positionIds"/> [batch, seq].</summary>
    public (Tensor Cos, Tensor Sin) CosSin(Tensor positionIds, ScalarType dtype)
    {
        var inv = torch.tensor(_invFreq, [_invFreq.Length]).to(positionIds.device);
        var freqs = positionIds.to(ScalarType.Float32).unsqueeze(-1).mul(inv);   // [B, T, d/2]
        var emb = torch.cat([freqs, freqs], -1).unsqueeze(1);                     // [B, 1, T, d]
        return (emb.cos().to(dtype), emb.sin().to(dtype));
    }

    /// <summary>x·cos + rotate_half(x)·sin, where rotate_half(x) = [−x₂, x₁] over the last dimension.</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        var half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = torch.cat([x2.neg(), x1], -1);
        return x.mul(cos) + rotated.mul(sin);
    }
}

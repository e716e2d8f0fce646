using Ablation.Models.Lora;
using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Decoders;

/// <summary>
/// Grouped-query self-attention (<c>self_attn</c>): q/k/v/o projections with HF names, RoPE on q and k, each
/// key/value head repeated for its group of query heads (HF's repeat_kv), scaled-dot-product attention with a
/// boolean mask built by the decoder (causal or padding-only).
/// </summary>
public sealed class DecoderAttention : Module
{
    private readonly DecoderConfig _c;

    public DecoderAttention(DecoderConfig c, ScalarType dtype)
    {
        _c = c;
        QProj = new LoraLinear(c.HiddenSize, c.NumAttentionHeads * c.HeadDim, c.AttentionQkvBias, dtype);
        KProj = new LoraLinear(c.HiddenSize, c.NumKeyValueHeads * c.HeadDim, c.AttentionQkvBias, dtype);
        VProj = new LoraLinear(c.HiddenSize, c.NumKeyValueHeads * c.HeadDim, c.AttentionQkvBias, dtype);
        OProj = new LoraLinear(c.NumAttentionHeads * c.HeadDim, c.HiddenSize, c.AttentionOutputBias, dtype);
        register_module("q_proj", QProj);
        register_module("k_proj", KProj);
        register_module("v_proj", VProj);
        register_module("o_proj", OProj);
    }

    public LoraLinear QProj { get; }
    public LoraLinear KProj { get; }
    public LoraLinear VProj { get; }
    public LoraLinear OProj { get; }

    /// <param name="x">[B, T, hidden]</param>
    /// <param name="cos">[B, 1, T, headDim]</param>
    /// <param name="sin">[B, 1, T, headDim]</param>
    /// <param name="mask">bool [B, 1, T, T], true = may attend</param>
    public Tensor forward(Tensor x, Tensor cos, Tensor sin, Tensor mask)
    {
        long b = x.shape[0], t = x.shape[1];
        int h = _c.NumAttentionHeads, kv = _c.NumKeyValueHeads, d = _c.HeadDim;
        var q = QProj.forward(x).view(b, t, h, d).transpose(1, 2);   // [B, H, T, d]
        var k = KProj.forward(x).view(b, t, kv, d).transpose(1, 2);  // [B, KV, T, d]
        var v = VProj.forward(x).view(b, t, kv, d).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (kv != h)
        {
            k = k.repeat_interleave(h / kv, 1);
            v = v.repeat_interleave(h / kv, 1);
        }
        var a = torch.nn.functional.scaled_dot_product_attention(q, k, v, mask);  // [B, H, T, d]
        return OProj.forward(a.transpose(1, 2).reshape(b, t, h * d));
    }
}

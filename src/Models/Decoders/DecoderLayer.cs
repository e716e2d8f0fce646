using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Decoders;

/// <summary>One pre-norm decoder block: h += attn(norm(h)); h += mlp(norm(h)).</summary>
public sealed class DecoderLayer : Module
{
    public DecoderLayer(DecoderConfig c, ScalarType dtype)
    {
        SelfAttn = new DecoderAttention(c, dtype);
        Mlp = new DecoderMlp(c, dtype);
        InputLayerNorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        PostAttentionLayerNorm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        register_module("self_attn", SelfAttn);
        register_module("mlp", Mlp);
        register_module("input_layernorm", InputLayerNorm);
        register_module("post_attention_layernorm", PostAttentionLayerNorm);
    }

    public DecoderAttention SelfAttn { get; }
    public DecoderMlp Mlp { get; }
    public RmsNorm InputLayerNorm { get; }
    public RmsNorm PostAttentionLayerNorm { get; }

    public Tensor forward(Tensor h, Tensor cos, Tensor sin, Tensor mask)
    {
        h = h + SelfAttn.forward(InputLayerNorm.forward(h), cos, sin, mask);
        return h + Mlp.forward(PostAttentionLayerNorm.forward(h));
    }
}

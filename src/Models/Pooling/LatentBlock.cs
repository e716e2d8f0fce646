using Ablation.Models.Lora;
using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Pooling;

/// <summary>
/// The parameters and the two sub-blocks shared by the trainable heads (Perceiver / Flamingo style, as in
/// Tang &amp; Yang's <c>PerceiverResampler</c>), with flat names:
/// <c>latents</c> [n, hidden]; pre-norm multi-head cross-attention <c>attn_norm</c> (LayerNorm on the queries),
/// <c>context_norm</c> (LayerNorm on keys/values), <c>to_q</c> [heads·headDim, hidden], <c>to_kv</c>
/// [2·heads·headDim, hidden], <c>to_out</c> [hidden, heads·headDim], all without bias; pre-norm GEGLU
/// feed-forward <c>ffn_norm</c>, <c>ffn_in</c> [2·mult·hidden, hidden] and <c>ffn_out</c> [hidden, mult·hidden],
/// with biases; optionally <c>layer_embedding.weight</c> [layers, hidden].
/// </summary>
/// <remarks>
/// Initialisation (from one generator, so a seed fixes it): latents N(0, 1) as in the paper's code, linear
/// weights and biases U(−1/√in, 1/√in) (PyTorch's nn.Linear default), LayerNorm weight 1 and bias 0, layer
/// embedding N(0, 1) (Embedding's default).
/// </remarks>
public sealed class LatentBlock : Module
{
    private readonly PoolingHeadConfig _config;

    public LatentBlock(int hidden, PoolingHeadConfig config, Generator init, int layerEmbeddings = 0, ScalarType dtype = ScalarType.Float32)
    {
        config.Validate();
        _config = config;
        Hidden = hidden;
        var inner = config.NumHeads * config.HeadDim;
        Latents = register_parameter("latents", torch.randn([config.NumLatents, hidden], init).to(dtype).requires_grad_());
        AttnNorm = Norm("attn_norm", hidden, dtype);
        ContextNorm = Norm("context_norm", hidden, dtype);
        ToQ = Linear("to_q", hidden, inner, false, init, dtype);
        ToKv = Linear("to_kv", hidden, 2 * inner, false, init, dtype);
        ToOut = Linear("to_out", inner, hidden, false, init, dtype);
        FfnNorm = Norm("ffn_norm", hidden, dtype);
        FfnIn = Linear("ffn_in", hidden, 2 * config.FfnMult * hidden, true, init, dtype);
        FfnOut = Linear("ffn_out", config.FfnMult * hidden, hidden, true, init, dtype);
        if (layerEmbeddings > 0)
        {
            LayerEmbedding = new Embedding(layerEmbeddings, hidden, dtype: dtype);
            using (torch.no_grad()) LayerEmbedding.weight.copy_(torch.randn([layerEmbeddings, hidden], init).to(dtype));
            register_module("layer_embedding", LayerEmbedding);
        }
    }

    public int Hidden { get; }
    public PoolingHeadConfig Config => _config;
    public Tensor Latents { get; }
    public LayerNorm AttnNorm { get; }
    public LayerNorm ContextNorm { get; }
    public LoraLinear ToQ { get; }
    public LoraLinear ToKv { get; }
    public LoraLinear ToOut { get; }
    public LayerNorm FfnNorm { get; }
    public LoraLinear FfnIn { get; }
    public LoraLinear FfnOut { get; }
    public Embedding? LayerEmbedding { get; }

    /// <summary>The latent matrix repeated over a batch: [B, n, hidden].</summary>
    public Tensor BatchLatents(long batch) => Latents.unsqueeze(0).expand(batch, Latents.shape[0], Latents.shape[1]);

    /// <summary>
    /// Pre-norm multi-head cross-attention (no residual): LayerNorm both sides, Q from <paramref name="queries"/>
    /// [B, Nq, hidden], K and V from <paramref name="context"/> [B, Nk, hidden]; <paramref name="keyMask"/> [B, Nk]
    /// (1 = attend) or null for none. Scale 1/√headDim.
    /// </summary>
    public Tensor CrossAttend(Tensor queries, Tensor context, Tensor? keyMask)
    {
        long b = queries.shape[0], nq = queries.shape[1], nk = context.shape[1];
        int h = _config.NumHeads, d = _config.HeadDim;
        var q = ToQ.forward(AttnNorm.forward(queries)).view(b, nq, h, d).transpose(1, 2);   // [B, h, Nq, d]
        var kv = ToKv.forward(ContextNorm.forward(context)).chunk(2, -1);
        var k = kv[0].reshape(b, nk, h, d).transpose(1, 2);                                 // [B, h, Nk, d]
        var v = kv[1].reshape(b, nk, h, d).transpose(1, 2);
        Tensor? mask = keyMask?.ne(0).view(b, 1, 1, nk);
        var o = torch.nn.functional.scaled_dot_product_attention(q, k, v, mask?.expand(b, h, nq, nk));
        return ToOut.forward(o.transpose(1, 2).reshape(b, nq, h * d));
    }

    /// <summary>Pre-norm GEGLU feed-forward (no residual): ffn_out(a · gelu(g)) with [a, g] = ffn_in(norm(x)).</summary>
    public Tensor FeedForward(Tensor x)
    {
        var y = FfnIn.forward(FfnNorm.forward(x)).chunk(2, -1);
        return FfnOut.forward(y[0].mul(torch.nn.functional.gelu(y[1])));
    }

    /// <summary>The Perceiver block of Tang &amp; Yang: latents attend to <paramref name="context"/>, residual,
    /// feed-forward, residual, mean over latents → [B, hidden] (not normalised).</summary>
    public Tensor Resample(Tensor context, Tensor? keyMask)
    {
        var z = BatchLatents(context.shape[0]);
        z = CrossAttend(z, context, keyMask).add(z);
        z = FeedForward(z).add(z);
        return z.mean(1);
    }

    private LayerNorm Norm(string name, int size, ScalarType dtype)
    {
        var n = new LayerNorm(size, _config.LayerNormEps, dtype: dtype);
        register_module(name, n);
        return n;
    }

    private LoraLinear Linear(string name, int input, int output, bool bias, Generator init, ScalarType dtype)
    {
        var l = new LoraLinear(input, output, bias, dtype);
        var bound = 1.0 / Math.Sqrt(input);
        using (torch.no_grad())
        {
            l.Weight.copy_(torch.rand([output, input], init).mul(2 * bound).sub(bound).to(dtype));
            l.Bias?.copy_(torch.rand([output], init).mul(2 * bound).sub(bound).to(dtype));
        }
        register_module(name, l);
        return l;
    }
}

using Ablation.Torch;
using Ablation.Torch.Nn;
using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Bench.Engine;

/// <summary>
/// A small Llama for the engine benchmark, layer for layer the model in scripts/benchmarks/engine_peer.py:
/// token embedding, N × [RMSNorm → q/k/v/o (no bias), rotary (rotate-half, base 10000) → causal SDPA →
/// residual; RMSNorm → SwiGLU], final RMSNorm, untied head.
/// </summary>
internal sealed class BenchLlama : Module<Tensor, Tensor>
{
    private readonly Embedding embed;
    private readonly ModuleList<Layer> layers;
    private readonly RMSNorm norm;
    private readonly Linear head;
    private readonly Tensor cos, sin;

    public BenchLlama(long vocab, long hidden, int layers, long heads, long ffn, long maxLength, Generator g)
    {
        embed = register_module("embed_tokens", new Embedding(vocab, hidden, generator: g));
        this.layers = register_module("layers", new ModuleList<Layer>(Enumerable.Range(0, layers).Select(_ => new Layer(hidden, heads, ffn, g))));
        norm = register_module("norm", new RMSNorm(hidden));
        head = register_module("lm_head", new Linear(hidden, vocab, false, g));
        using var scope = torch.NewDisposeScope();
        var headDim = hidden / heads;
        var invFreq = 1.0 / torch.full([headDim / 2], 10000.0).pow(torch.arange(0, headDim, 2, torch.float32) / headDim);
        var angles = torch.arange(maxLength).to(torch.float32).outer(invFreq);
        var both = torch.cat([angles, angles], -1);
        cos = register_buffer("cos", both.cos(), persistent: false);
        sin = register_buffer("sin", both.sin(), persistent: false);
    }

    public override Tensor forward(Tensor ids)
    {
        var x = embed.call(ids);
        var t = ids.size(1);
        var (c, s) = (cos.narrow(0, 0, t).to(x.dtype), sin.narrow(0, 0, t).to(x.dtype));
        foreach (var layer in layers) x = layer.Forward(x, c, s);
        return head.call(norm.call(x));
    }

    internal sealed class Layer : Module
    {
        private readonly long heads;
        private readonly RMSNorm attnNorm, mlpNorm;
        private readonly Linear q, k, v, o, gate, up, down;

        public Layer(long hidden, long heads, long ffn, Generator g)
        {
            this.heads = heads;
            attnNorm = register_module("input_layernorm", new RMSNorm(hidden));
            q = register_module("q_proj", new Linear(hidden, hidden, false, g));
            k = register_module("k_proj", new Linear(hidden, hidden, false, g));
            v = register_module("v_proj", new Linear(hidden, hidden, false, g));
            o = register_module("o_proj", new Linear(hidden, hidden, false, g));
            mlpNorm = register_module("post_attention_layernorm", new RMSNorm(hidden));
            gate = register_module("gate_proj", new Linear(hidden, ffn, false, g));
            up = register_module("up_proj", new Linear(hidden, ffn, false, g));
            down = register_module("down_proj", new Linear(ffn, hidden, false, g));
        }

        private static Tensor RotateHalf(Tensor x)
        {
            var halves = x.chunk(2, -1);
            return torch.cat([-halves[1], halves[0]], -1);
        }

        public Tensor Forward(Tensor x, Tensor cos, Tensor sin)
        {
            var (b, t, d) = (x.size(0), x.size(1), x.size(2));
            var h = attnNorm.call(x);
            Tensor Heads(Linear proj) => proj.call(h).view(b, t, heads, d / heads).transpose(1, 2);
            var (qh, kh, vh) = (Heads(q), Heads(k), Heads(v));
            qh = qh * cos + RotateHalf(qh) * sin;
            kh = kh * cos + RotateHalf(kh) * sin;
            var attn = F.scaled_dot_product_attention(qh, kh, vh, is_causal: true);
            x = x + o.call(attn.transpose(1, 2).reshape(b, t, d));
            var m = mlpNorm.call(x);
            return x + down.call(F.silu(gate.call(m)) * up.call(m));
        }
    }
}

using Ablation.Torch;
using Ablation.Torch.Nn;
using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Tests.Nn;

/// <summary>A one-block causal transformer LM (RMSNorm, SDPA attention, SwiGLU MLP) built from the nn blocks.</summary>
internal sealed class TinyCausalLm : Module<Tensor, Tensor>
{
    private readonly long heads;
    private readonly Embedding embed;
    private readonly ModuleList<Block> layers;
    private readonly RMSNorm norm;
    private readonly Linear head;

    public sealed class Block : Module<Tensor, Tensor>
    {
        private readonly long heads;
        private readonly RMSNorm attnNorm, mlpNorm;
        private readonly Linear q, k, v, o, gate, up, down;

        public Block(long dim, long heads, Generator g)
        {
            this.heads = heads;
            attnNorm = register_module("input_layernorm", new RMSNorm(dim));
            q = register_module("q_proj", new Linear(dim, dim, false, g));
            k = register_module("k_proj", new Linear(dim, dim, false, g));
            v = register_module("v_proj", new Linear(dim, dim, false, g));
            o = register_module("o_proj", new Linear(dim, dim, false, g));
            mlpNorm = register_module("post_attention_layernorm", new RMSNorm(dim));
            gate = register_module("gate_proj", new Linear(dim, 2 * dim, false, g));
            up = register_module("up_proj", new Linear(dim, 2 * dim, false, g));
            down = register_module("down_proj", new Linear(2 * dim, dim, false, g));
        }

        public override Tensor forward(Tensor x)
        {
            var (b, t, d) = (x.size(0), x.size(1), x.size(2));
            var h = attnNorm.call(x);
            Tensor Split(Linear proj) => proj.call(h).view(b, t, heads, d / heads).transpose(1, 2);
            var attn = F.scaled_dot_product_attention(Split(q), Split(k), Split(v), is_causal: true);
            x = x + o.call(attn.transpose(1, 2).reshape(b, t, d));
            var m = mlpNorm.call(x);
            return x + down.call(F.silu(gate.call(m)) * up.call(m));
        }
    }

    public TinyCausalLm(long vocab, long dim, long heads, int layerCount, Generator g)
    {
        this.heads = heads;
        embed = register_module("embed_tokens", new Embedding(vocab, dim, generator: g));
        layers = register_module("layers", new ModuleList<Block>(Enumerable.Range(0, layerCount).Select(_ => new Block(dim, heads, g))));
        norm = register_module("norm", new RMSNorm(dim));
        head = register_module("lm_head", new Linear(dim, vocab, false, g));
    }

    public override Tensor forward(Tensor ids)
    {
        var x = embed.call(ids);
        foreach (var layer in layers) x = layer.call(x);
        return head.call(norm.call(x));
    }
}

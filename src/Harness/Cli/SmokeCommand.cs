using System.CommandLine;
using System.Diagnostics;
using Ablation.Torch;
using Ablation.Torch.Nn;
using Ablation.Torch.Optim;
using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation smoke</c>: trains a tiny causal transformer LM on one fixed random batch for a few steps and
/// prints the loss, which must fall. A quick end-to-end check of the engine (shim, autograd, AdamW, dispose
/// scopes); scripts/quickstart runs it until the quickstart grid exists.
/// </summary>
public static class SmokeCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Training steps.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Seed of the model and the batch.", DefaultValueFactory = _ => 1 };
        var command = new Command("smoke", "Train a tiny model for a few steps and check that the loss falls (engine smoke test).") { steps, seed };
        command.SetAction(parse => Run(parse.GetValue(steps), parse.GetValue(seed), parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(int steps, int seed, TextWriter output)
    {
        if (steps < 2) throw new UserInputException($"--steps {steps}: need at least 2 steps to see the loss change");
        const int vocab = 64, dim = 64, heads = 4, batch = 8, length = 32;
        output.WriteLine($"smoke: tiny causal LM (vocab {vocab}, hidden {dim}, {heads} heads, 2 layers), batch {batch}x{length}, AdamW, {steps} steps; {TorchThreads.Description}");
        using var g = new Generator((ulong)seed);
        using var model = new SmokeLm(vocab, dim, heads, g);
        using var optimizer = new AdamW(model.parameters(), lr: 3e-3, beta2: 0.95, weight_decay: 0.01);
        using var tokens = torch.randint(0, vocab, [batch, length + 1], g).DetachFromDisposeScope();
        using var inputs = tokens.narrow(1, 0, length).DetachFromDisposeScope();
        using var targets = tokens.narrow(1, 1, length).reshape(-1).DetachFromDisposeScope();
        double first = double.NaN, last = double.NaN;
        var clock = Stopwatch.StartNew();
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = F.cross_entropy(model.call(inputs).view(-1, vocab), targets);
            loss.backward();
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            last = loss.item<float>();
            if (step == 0) first = last;
            output.WriteLine($"step {step + 1,4}  loss {last:F4}");
        }
        var msPerStep = clock.Elapsed.TotalMilliseconds / steps;
        if (!(last < first))
        {
            output.WriteLine($"smoke: FAILED, loss did not fall ({first:F4} -> {last:F4})");
            return ExitCodes.Failure;
        }
        output.WriteLine($"smoke: ok, loss fell from {first:F4} to {last:F4} ({msPerStep:F1} ms/step)");
        return ExitCodes.Success;
    }

    /// <summary>Two pre-norm blocks: RMSNorm, causal attention, SwiGLU MLP.</summary>
    private sealed class SmokeLm : Module<Tensor, Tensor>
    {
        private readonly Embedding embed;
        private readonly ModuleList<Block> layers;
        private readonly RMSNorm norm;
        private readonly Linear head;

        public SmokeLm(long vocab, long dim, long heads, Generator g)
        {
            embed = register_module("embed_tokens", new Embedding(vocab, dim, generator: g));
            layers = register_module("layers", new ModuleList<Block>([new Block(dim, heads, g), new Block(dim, heads, g)]));
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

    private sealed class Block : Module<Tensor, Tensor>
    {
        private readonly long heads;
        private readonly RMSNorm attnNorm, mlpNorm;
        private readonly Linear qkv, o, gateUp, down;

        public Block(long dim, long heads, Generator g)
        {
            this.heads = heads;
            attnNorm = register_module("input_layernorm", new RMSNorm(dim));
            qkv = register_module("qkv_proj", new Linear(dim, 3 * dim, false, g));
            o = register_module("o_proj", new Linear(dim, dim, false, g));
            mlpNorm = register_module("post_attention_layernorm", new RMSNorm(dim));
            gateUp = register_module("gate_up_proj", new Linear(dim, 4 * dim, false, g));
            down = register_module("down_proj", new Linear(2 * dim, dim, false, g));
        }

        public override Tensor forward(Tensor x)
        {
            var (b, t, d) = (x.size(0), x.size(1), x.size(2));
            var qkvs = qkv.call(attnNorm.call(x)).view(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4).unbind(0);
            var attn = F.scaled_dot_product_attention(qkvs[0], qkvs[1], qkvs[2], is_causal: true);
            x = x + o.call(attn.transpose(1, 2).reshape(b, t, d));
            var gu = gateUp.call(mlpNorm.call(x)).chunk(2, -1);
            return x + down.call(F.silu(gu[0]) * gu[1]);
        }
    }
}

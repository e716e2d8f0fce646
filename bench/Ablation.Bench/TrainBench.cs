using System.Diagnostics;
using System.Globalization;
using Ablation.Harness.Pretraining;
using Ablation.Models.Decoders;
using Ablation.Models.Losses;
using Ablation.Models.Pooling;
using Ablation.Torch;
using Ablation.Torch.Optim;

namespace Ablation.Bench;

/// <summary>
/// <c>train</c> suite: steps/s and tokens/s of one contrastive training step with full fine-tuning — encode B
/// queries and B positives + B hard negatives (random token rows, no padding), mean pooling, InfoNCE with τ 0.05,
/// backward, clipping at 1.0, AdamW — for the tiny base's shape (experiments/base/tiny.json) and a 4-layer
/// hidden-256 Llama, per dtype. The model code is the harness's (<see cref="LlamaDecoder"/>, <see cref="MeanPooling"/>,
/// <see cref="InfoNceLoss"/>); scripts/benchmarks/train_peer.py runs the same step in PyTorch.
/// Prints <c>ours &lt;model&gt; &lt;dtype&gt; steps/s &lt;x&gt; tokens/s &lt;y&gt; last_loss &lt;z&gt;</c>.
/// Options: --recipe FILE --steps 10 --warmup 2 --batch 32 --query-len 16 --doc-len 32 --dtypes float32,bfloat16
/// </summary>
public static class TrainBench
{
    public static int Run(string[] args)
    {
        string Opt(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Int(string name, string fallback) => int.Parse(Opt(name, fallback), CultureInfo.InvariantCulture);
        var recipe = PretrainingRecipeReader.Load(Opt("--recipe", "experiments/base/tiny.json"));
        int steps = Int("--steps", "10"), warmup = Int("--warmup", "2"), batch = Int("--batch", "32");
        int queryLen = Int("--query-len", "16"), docLen = Int("--doc-len", "32");
        Console.Error.WriteLine(TorchThreads.Description);
        var shapes = new[]
        {
            ("tiny-base", recipe),
            ("llama-4x256", recipe with { HiddenSize = 256, NumAttentionHeads = 4, NumKeyValueHeads = 2, IntermediateSize = 704 }),
        };
        foreach (var (name, shape) in shapes)
        foreach (string dtype in Opt("--dtypes", "float32,bfloat16").Split(','))
        {
            var r = shape with { Dtype = dtype };
            var config = r.ToDecoderConfig(r.VocabSize);
            using var model = Pretrainer.CreateModel(r, config);
            var decay = model.parameters().Where(p => p.dim() >= 2).ToList();
            using var optimizer = new AdamW(decay, 1e-4, weight_decay: 0.01);
            optimizer.add_param_group(model.parameters().Where(p => p.dim() < 2), 1e-4, 0.0);
            var pooling = new MeanPooling(false);
            using var g = new Generator(0);
            double loss = 0;
            Tensor Encode(long rows, long length)
            {
                var ids = torch.randint(0, config.VocabSize, [rows, length], g);
                var mask = torch.ones([rows, length], ScalarType.Int64);
                return pooling.Pool(new PoolingInput(model.Forward(ids, mask, AttentionMode.Causal).HiddenStates, mask));
            }
            void Step()
            {
                using var scope = torch.NewDisposeScope();
                var q = Encode(batch, queryLen);
                var d = Encode(2 * batch, docLen);
                var l = InfoNceLoss.Compute(q, d.narrow(0, 0, batch), d.narrow(0, batch, batch), 0.05).Loss;
                optimizer.zero_grad();
                l.backward();
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                optimizer.step();
                loss = l.item<float>();
            }
            for (int i = 0; i < warmup; i++) Step();
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++) Step();
            double seconds = clock.Elapsed.TotalSeconds;
            long tokens = (long)batch * queryLen + 2L * batch * docLen;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ours {name} {dtype} steps/s {steps / seconds:F3} tokens/s {steps * tokens / seconds:F0} last_loss {loss:F4}"));
        }
        return 0;
    }
}

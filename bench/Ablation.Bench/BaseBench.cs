using System.Diagnostics;
using System.Globalization;
using Ablation.Harness.Pretraining;
using Ablation.Torch;

namespace Ablation.Bench;

/// <summary>
/// <c>base</c> suite: pretraining steps/s of a recipe (default experiments/base/tiny.json) with the harness's own
/// training step (<see cref="Pretrainer.TrainStep"/>: forward with logits, cross-entropy, backward, clipping, AdamW) on
/// random token rows, per dtype. Prints <c>ours &lt;dtype&gt; steps/s &lt;x&gt; tokens/s &lt;y&gt; last_loss &lt;z&gt;</c>, the
/// format of scripts/benchmarks/base_peer.py.
/// Options: --recipe FILE --steps 20 --warmup 3 --dtypes float32,bfloat16
/// </summary>
public static class BaseBench
{
    public static int Run(string[] args)
    {
        string Opt(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var recipe = PretrainingRecipeReader.Load(Opt("--recipe", "experiments/base/tiny.json"));
        int steps = int.Parse(Opt("--steps", "20"), CultureInfo.InvariantCulture);
        int warmup = int.Parse(Opt("--warmup", "3"), CultureInfo.InvariantCulture);
        Console.Error.WriteLine(TorchThreads.Description);
        foreach (string dtype in Opt("--dtypes", "float32,bfloat16").Split(','))
        {
            var r = recipe with { Dtype = dtype };
            var config = r.ToDecoderConfig(r.VocabSize);
            var schedule = Ablation.Torch.Optim.LearningRateSchedules.Create(r.Schedule, r.LearningRate, r.WarmupSteps, r.Steps, r.MinLrRatio);
            using var model = Pretrainer.CreateModel(r, config);
            using var optimizer = Pretrainer.CreateOptimizer(model, r);
            using var g = new Generator(0);
            double loss = 0;
            void Step(int i)
            {
                using var scope = torch.NewDisposeScope();
                var rows = torch.randint(0, config.VocabSize, [r.BatchSize, r.SeqLength + 1], g);
                var inputs = rows.narrow(1, 0, r.SeqLength).contiguous();
                var targets = rows.narrow(1, 1, r.SeqLength).contiguous();
                loss = Pretrainer.TrainStep(model, optimizer, inputs, targets, schedule.LearningRate(i), r.MaxGradNorm).Loss;
            }
            for (int i = 0; i < warmup; i++) Step(i);
            var clock = Stopwatch.StartNew();
            for (int i = warmup; i < warmup + steps; i++) Step(i);
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ours {dtype} steps/s {steps / seconds:F3} tokens/s {(double)steps * r.BatchSize * r.SeqLength / seconds:F0} last_loss {loss:F4}"));
        }
        return 0;
    }
}

using System.Diagnostics;
using System.Globalization;
using Ablation.Torch;
using Ablation.Torch.Optim;
using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Bench.Engine;

/// <summary>
/// Suite <c>engine</c>: training throughput of a Llama-style model (4 layers, hidden 256, batch 16 × 128,
/// AdamW) through our binding, and the 1024³ matmul rate in float32 and bfloat16. Prints one
/// <c>key value</c> line per figure; scripts/benchmarks/engine.sh runs the PyTorch peer
/// (engine_peer.py, same model and settings) in the same run and prints the ratio.
/// Options: --steps N (measured steps, default 8), --warmup N (default 2), --dtype float32|bfloat16.
/// </summary>
public static class EngineBench
{
    public static int Run(string[] args)
    {
        int steps = IntOption(args, "--steps", 8), warmup = IntOption(args, "--warmup", 2);
        var dtype = StringOption(args, "--dtype", "float32") == "bfloat16" ? ScalarType.BFloat16 : ScalarType.Float32;
        Console.WriteLine($"threads {TorchThreads.Description}");
        Matmul(ScalarType.Float32);
        Matmul(ScalarType.BFloat16);
        Training(steps, warmup, dtype);
        return 0;
    }

    private static void Matmul(ScalarType type)
    {
        const int n = 1024, reps = 20;
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(0);
        var a = torch.randn([n, n], g).to(type);
        var b = torch.randn([n, n], g).to(type);
        for (int i = 0; i < 3; i++) a.mm(b).Dispose();
        var times = new List<double>();
        for (int i = 0; i < reps; i++)
        {
            var clock = Stopwatch.StartNew();
            a.mm(b).Dispose();
            times.Add(clock.Elapsed.TotalSeconds);
        }
        var gflops = 2.0 * n * n * n / Median(times) / 1e9;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matmul_{Name(type)}_gflops {gflops:F1}"));
    }

    private static void Training(int steps, int warmup, ScalarType type)
    {
        const int batch = 16, length = 128, vocab = 4096;
        using var g = new Generator(0);
        using var model = new BenchLlama(vocab, hidden: 256, layers: 4, heads: 4, ffn: 688, maxLength: length, g);
        model.to(type);
        using var opt = new AdamW(model.parameters(), lr: 1e-3, beta1: 0.9, beta2: 0.95, weight_decay: 0.1);
        using var tokens = torch.randint(0, vocab, [batch, length + 1], g).DetachFromDisposeScope();
        using var inputs = tokens.narrow(1, 0, length).DetachFromDisposeScope();
        using var targets = tokens.narrow(1, 1, length).reshape(-1).DetachFromDisposeScope();
        var times = new List<double>();
        double loss = 0;
        for (int step = 0; step < warmup + steps; step++)
        {
            var clock = Stopwatch.StartNew();
            using (torch.NewDisposeScope())
            {
                opt.zero_grad();
                var l = F.cross_entropy(model.call(inputs).view(-1, vocab).to(ScalarType.Float32), targets);
                l.backward();
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                opt.step();
                loss = l.item<float>();
            }
            if (step >= warmup) times.Add(clock.Elapsed.TotalSeconds);
        }
        var median = Median(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train_{Name(type)}_step_ms {median * 1000:F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train_{Name(type)}_tokens_per_s {batch * length / median:F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"train_{Name(type)}_last_loss {loss:F4}"));
        Console.WriteLine($"train_params {model.parameter_count()}");
    }

    private static string Name(ScalarType t) => t == ScalarType.BFloat16 ? "bf16" : "f32";

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    private static string StringOption(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}

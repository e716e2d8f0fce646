using System.Diagnostics;
using System.Globalization;
using Ablation.Models.Decoders;
using Ablation.Torch;

namespace Ablation.Bench;

/// <summary>
/// <c>models</c> suite: forward (no grad) and forward+backward throughput in tokens/s of a small Llama-style
/// decoder (the same shape as scripts/benchmarks/models_peer.py), per attention mode. Prints one line per
/// measurement: <c>ours &lt;mode&gt; &lt;pass&gt; &lt;tokens/s&gt;</c>.
/// Options: --layers 4 --hidden 256 --batch 16 --seq 64 --steps 10 --threads 1.
/// With <c>--encode</c> it runs <see cref="EncodeBench"/> instead (texts/s of the tiny base per pooling head).
/// </summary>
public static class ModelsBench
{
    public static int Run(string[] args)
    {
        if (args.Contains("--encode")) return EncodeBench.Run(args);
        int Opt(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
        int layers = Opt("--layers", 4), hidden = Opt("--hidden", 256), batch = Opt("--batch", 16), seq = Opt("--seq", 64),
            steps = Opt("--steps", 10), threads = Opt("--threads", 1);
        torch.set_num_threads(threads);
        var config = new DecoderConfig
        {
            ModelType = "llama", VocabSize = 1000, HiddenSize = hidden, IntermediateSize = hidden * 11 / 4,
            NumHiddenLayers = layers, NumAttentionHeads = 8, NumKeyValueHeads = 4, HeadDim = hidden / 8, RmsNormEps = 1e-5,
        };
        using var g = new Generator(0);
        using var decoder = new LlamaDecoder(config);
        using (torch.no_grad())
            foreach (var p in decoder.parameters()) p.copy_(torch.randn(p.shape, g).mul(0.02));
        var ids = torch.randint(0, config.VocabSize, [batch, seq], g);
        var mask = torch.ones([batch, seq], ScalarType.Int64);
        foreach (var mode in new[] { AttentionMode.Causal, AttentionMode.Bidirectional })
        {
            Console.WriteLine($"ours {mode.Name()} forward {Measure(() => { using var s = torch.NewDisposeScope(); using var ng = torch.no_grad(); decoder.Forward(ids, mask, mode); }, steps) * batch * seq:F0}");
            Console.WriteLine($"ours {mode.Name()} forward+backward {Measure(() =>
            {
                using var s = torch.NewDisposeScope();
                decoder.Forward(ids, mask, mode).LastHiddenState.square().mean().backward();
                foreach (var p in decoder.parameters()) p.grad?.zero_();
            }, steps) * batch * seq:F0}");
        }
        return 0;
    }

    /// <summary>Runs <paramref name="step"/> twice to warm up, then <paramref name="steps"/> times; returns 1 / median seconds.</summary>
    private static double Measure(Action step, int steps)
    {
        step();
        step();
        var times = new List<double>();
        for (var i = 0; i < steps; i++)
        {
            var sw = Stopwatch.StartNew();
            step();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return 1 / times[times.Count / 2];
    }
}

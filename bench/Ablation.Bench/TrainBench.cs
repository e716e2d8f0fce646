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
/// <c>train</c> suite: steps/s and tokens/s of one full-fine-tuning training step of each stage, for the tiny
/// base's shape (experiments/base/tiny.json) and a 4-layer hidden-256 Llama, per dtype, from random token rows
/// (no padding, random init). The model code is the harness's (<see cref="LlamaDecoder"/>, the pooling heads,
/// <see cref="InfoNceLoss"/>, <see cref="ReconstructionLoss"/>); scripts/benchmarks/train_peer.py runs the same
/// steps in PyTorch.
/// <list type="bullet">
/// <item><c>contrastive</c>: encode B queries and B positives + B hard negatives, mean pooling, InfoNCE τ 0.05.</item>
/// <item><c>reconstruction</c>: encode B queries and B documents (EOS-last pooling, not normalised), EBQ2D (e_Q as a soft
/// token in front of the document's embeddings, the LM head reconstructs the document) and EBD2Q (e_D → query),
/// loss 0.8·L_D2Q + 0.2·L_Q2D.</item>
/// </list>
/// Both then run backward, clipping at 1.0 and AdamW (decay on matrices only) over every parameter.
/// Prints <c>ours &lt;stage&gt; &lt;model&gt; &lt;dtype&gt; steps/s &lt;x&gt; tokens/s &lt;y&gt; last_loss &lt;z&gt; cpu_s/step &lt;c&gt;</c>
/// per run (c: CPU seconds of the whole process, every thread, per timed step — steadier than wall time on a loaded machine) and <c>ours peak_rss_mb &lt;m&gt;</c> (VmHWM of the process) at the end.
/// Options: --recipe FILE --steps 10 --warmup 2 --batch 32 --query-len 16 --doc-len 32
/// --stages contrastive,reconstruction --models tiny-base,llama-4x256 --dtypes float32,bfloat16
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
        var settings = new Settings(Int("--steps", "10"), Int("--warmup", "2"), Int("--batch", "32"), Int("--query-len", "16"), Int("--doc-len", "32"));
        Console.Error.WriteLine(TorchThreads.Description);
        var shapes = new Dictionary<string, PretrainingRecipe>
        {
            ["tiny-base"] = recipe,
            ["llama-4x256"] = recipe with { HiddenSize = 256, NumAttentionHeads = 4, NumKeyValueHeads = 2, IntermediateSize = 704 },
        };
        foreach (string stage in Opt("--stages", "contrastive,reconstruction").Split(','))
        foreach (string name in Opt("--models", "tiny-base,llama-4x256").Split(','))
        foreach (string dtype in Opt("--dtypes", "float32,bfloat16").Split(','))
        {
            if (!shapes.TryGetValue(name, out var shape)) throw new ArgumentException($"unknown model '{name}'; choose {string.Join(", ", shapes.Keys)}");
            var (stepsPerSecond, tokensPerSecond, cpuPerStep, loss) = RunOne(stage, shape with { Dtype = dtype }, settings);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ours {stage} {name} {dtype} steps/s {stepsPerSecond:F3} tokens/s {tokensPerSecond:F0} last_loss {loss:F4} cpu_s/step {cpuPerStep:F4}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours peak_rss_mb {PeakRssMegabytes():F0}"));
        return 0;
    }

    private sealed record Settings(int Steps, int Warmup, int Batch, int QueryLen, int DocLen);

    private static (double StepsPerSecond, double TokensPerSecond, double CpuSecondsPerStep, double Loss) RunOne(string stage, PretrainingRecipe r, Settings s)
    {
        var config = r.ToDecoderConfig(r.VocabSize);
        using var model = Pretrainer.CreateModel(r, config);
        var decay = model.parameters().Where(p => p.dim() >= 2).ToList();
        using var optimizer = new AdamW(decay, 1e-4, weight_decay: 0.01);
        optimizer.add_param_group(model.parameters().Where(p => p.dim() < 2), 1e-4, 0.0);
        using var g = new Generator(0);
        var mean = new MeanPooling(false);
        var eosLast = new EosLastPooling();

        Tensor Ids(long rows, long length) => torch.randint(0, config.VocabSize, [rows, length], g);
        Tensor Ones(long rows, long length) => torch.ones([rows, length], ScalarType.Int64);
        Tensor Pool(IPoolingHead pooling, Tensor ids, bool normalize)
        {
            var mask = Ones(ids.shape[0], ids.shape[1]);
            return pooling.Pool(new PoolingInput(model.Forward(ids, mask, AttentionMode.Causal).HiddenStates, mask), normalize);
        }
        // EBQ2D / EBD2Q: e at column 0, then the target's token embeddings; labels ignore the soft position.
        Tensor Decode(Tensor e, Tensor target)
        {
            long b = target.shape[0], t = target.shape[1];
            var inputs = torch.cat([e.unsqueeze(1), model.Embed(target)], 1);
            var labels = torch.cat([torch.full([b, 1], ReconstructionLoss.IgnoreIndex, ScalarType.Int64), target], 1);
            var output = model.ForwardEmbeddings(inputs, Ones(b, t + 1), AttentionMode.Causal, logits: true);
            return ReconstructionLoss.Compute(output.Logits!, labels);
        }
        Tensor Loss() => stage switch
        {
            "contrastive" => Contrastive(),
            "reconstruction" => Reconstruction(),
            _ => throw new ArgumentException($"unknown stage '{stage}'; choose contrastive or reconstruction"),
        };
        Tensor Contrastive()
        {
            var q = Pool(mean, Ids(s.Batch, s.QueryLen), true);
            var d = Pool(mean, Ids(2L * s.Batch, s.DocLen), true);
            return InfoNceLoss.Compute(q, d.narrow(0, 0, s.Batch), d.narrow(0, s.Batch, s.Batch), 0.05).Loss;
        }
        Tensor Reconstruction()
        {
            var q = Ids(s.Batch, s.QueryLen);
            var d = Ids(s.Batch, s.DocLen);
            var eQ = Pool(eosLast, q, false);
            var eD = Pool(eosLast, d, false);
            return Decode(eD, q).mul(0.8).add(Decode(eQ, d).mul(0.2));
        }

        double loss = 0;
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var l = Loss();
            optimizer.zero_grad();
            l.backward();
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            optimizer.step();
            loss = l.item<float>();
        }
        for (int i = 0; i < s.Warmup; i++) Step();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < s.Steps; i++) Step();
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        // Tokens through the decoder per step: every encoder row, and for reconstruction every decoder row (+ 1 soft token).
        long tokens = stage == "contrastive"
            ? (long)s.Batch * s.QueryLen + 2L * s.Batch * s.DocLen
            : 2L * s.Batch * (s.QueryLen + s.DocLen + 1);
        return (s.Steps / seconds, s.Steps * tokens / seconds, cpuSeconds / s.Steps, loss);
    }

    /// <summary>Peak resident set size of this process (VmHWM), or NaN where /proc is absent.</summary>
    private static double PeakRssMegabytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return double.NaN;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}

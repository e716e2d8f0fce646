using Ablation.Harness.Evaluation.Learning;
using System.Diagnostics;
using System.Globalization;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Metrics;

namespace Ablation.Bench;

/// <summary>
/// <c>Ablation.Bench eval [--queries 1000] [--docs 100000] [--dim 256] [--k 1000]</c>: exact top-k retrieval over
/// random unit vectors (the retrieval evaluator's search), printing queries/s and peak working set.
/// scripts/benchmarks/eval.sh runs the PyTorch peer (chunked matmul + torch.topk) on the same sizes.
/// </summary>
public static class EvalBench
{
    public static int Run(string[] args)
    {
        if (args.Contains("--probe")) return Probe(Arg(args, "--classes", 77), Arg(args, "--per-label", 8), Arg(args, "--dim", 4096));
        int queries = Arg(args, "--queries", 1000), docs = Arg(args, "--docs", 100_000), dim = Arg(args, "--dim", 256), k = Arg(args, "--k", 1000);
        var random = new Random(7);
        EmbeddingMatrix RandomUnit(int rows)
        {
            var data = new float[(long)rows * dim];
            for (long i = 0; i < data.LongLength; i++)
            {
                // Box–Muller normal samples, so directions are uniform on the sphere.
                double u = 1 - random.NextDouble(), v = random.NextDouble();
                data[i] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
            }
            return new EmbeddingMatrix(data, rows, dim).NormalizeRows();
        }
        var q = RandomUnit(queries);
        var c = RandomUnit(docs);
        ExactTopK.Search(RandomUnit(8), c, k); // warm-up (JIT)
        var clock = Stopwatch.StartNew();
        var hits = ExactTopK.Search(q, c, k);
        double seconds = clock.Elapsed.TotalSeconds;
        if (hits.Length != queries) throw new InvalidOperationException("wrong result count");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours  topk queries={queries} docs={docs} dim={dim} k={k} threads={Environment.ProcessorCount}: {seconds:F3} s, {queries / seconds:F1} queries/s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
        return 0;
    }

    /// <summary>
    /// Times one classification-probe fit of Banking77's shape (77 labels × 8 samples, dimension 4096) on random
    /// clustered unit vectors; the peer script times sklearn's LogisticRegression(max_iter=100) on the same shape.
    /// </summary>
    private static int Probe(int classes, int perLabel, int dim)
    {
        var random = new Random(7);
        int n = classes * perLabel;
        var centres = new double[classes * dim];
        for (int i = 0; i < centres.Length; i++) centres[i] = random.NextDouble() * 2 - 1;
        var data = new float[n * dim];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i % classes;
            for (int j = 0; j < dim; j++) data[i * dim + j] = (float)(0.3 * centres[labels[i] * dim + j] + random.NextDouble() * 2 - 1);
        }
        var x = new EmbeddingMatrix(data, n, dim).NormalizeRows();
        var clock = Stopwatch.StartNew();
        var model = new LogisticRegression().Fit(x, labels);
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ours  probe fit classes={classes} n={n} dim={dim}: {seconds:F2} s ({model.IterationsUsed} L-BFGS iterations)"));
        return 0;
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}

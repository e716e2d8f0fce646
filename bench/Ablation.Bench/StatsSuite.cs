using System.Diagnostics;
using Ablation.Stats.Resampling;

namespace Ablation.Bench;

/// <summary>
/// Suite "stats": BCa paired bootstrap with 10,000 resamples of (1) Spearman's rho on 10,000 pairs and (2) a mean
/// of 100,000 per-item differences. Prints one "result" line per case for scripts/benchmarks/stats.sh, which
/// times scipy.stats.bootstrap on the same data shape and prints the ratio.
/// Options: --resamples B (default 10000), --pairs n (10000), --items n (100000), --seed s.
/// </summary>
public static class StatsSuite
{
    public static int Run(string[] args)
    {
        int resamples = Option(args, "--resamples", 10_000), pairs = Option(args, "--pairs", 10_000), items = Option(args, "--items", 100_000);
        ulong seed = (ulong)Option(args, "--seed", 1);
        var rng = new Xoshiro256StarStar(seed);

        var x = new double[pairs];
        var y = new double[pairs];
        for (int i = 0; i < pairs; i++) { x[i] = rng.NextGaussian(); y[i] = 0.5 * x[i] + rng.NextGaussian(); }
        var d = new double[items];
        for (int i = 0; i < items; i++) d[i] = 0.01 + rng.NextGaussian();

        // Warm-up so JIT time is not measured.
        PairedBootstrap.Run(ResampleStatistics.Spearman(x[..200], y[..200]), new BootstrapOptions { Resamples = 50 });
        PairedBootstrap.Run(ResampleStatistics.Mean(d[..200]), new BootstrapOptions { Resamples = 50 });

        Measure($"spearman_bca n={pairs} B={resamples}", () =>
            PairedBootstrap.Run(ResampleStatistics.Spearman(x, y), new BootstrapOptions { Resamples = resamples, Seed = seed }));
        Measure($"mean_bca n={items} B={resamples}", () =>
            PairedBootstrap.Run(ResampleStatistics.Mean(d), new BootstrapOptions { Resamples = resamples, Seed = seed }));
        return 0;
    }

    private static void Measure(string name, Func<BootstrapResult> run)
    {
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = run();
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine($"result ours {name} seconds={watch.Elapsed.TotalSeconds:0.000} estimate={result.Estimate:0.00000} " +
                          $"bca=[{result.BCa!.Low:0.00000},{result.BCa.High:0.00000}] allocated_mb={allocated / 1e6:0.0}");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out int v) ? v : fallback;
    }
}

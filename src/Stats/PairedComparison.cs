using Ablation.Stats.EffectSizes;
using Ablation.Stats.PairedTests;
using Ablation.Stats.Resampling;

namespace Ablation.Stats;

/// <summary>Effect sizes reported with every paired comparison.</summary>
public sealed record PairedEffects(double CohensDz, double HedgesGav, double RankBiserial, double CliffsDelta, WinTieLoss WinTieLoss);

/// <summary>Everything <see cref="PairedComparison.Compare"/> found: sizes, means, BCa interval of the mean difference, tests, effects.</summary>
public sealed record PairedComparisonResult(int N, double MeanA, double MeanB, double MeanDifference, ConfidenceInterval Interval,
    IReadOnlyDictionary<string, TestResult> Tests, PairedEffects Effects);

/// <summary>
/// One call for "is A better than B on these paired per-item scores?": every applicable paired test, a bootstrap
/// interval of the mean difference (BCa, or percentile when BCa is undefined), and
/// effect sizes. Used by <c>ablation compare</c> and by the report.
/// </summary>
public static class PairedComparison
{
    /// <summary>Keys of <see cref="PairedComparisonResult.Tests"/>, in report order.</summary>
    public static readonly string[] TestNames = ["t", "wilcoxon", "sign", "permutation", "bootstrap"];

    public static PairedComparisonResult Compare(ReadOnlySpan<double> a, ReadOnlySpan<double> b, PairedComparisonOptions? options = null)
    {
        options ??= new PairedComparisonOptions();
        var d = Differences.Of(a, b);
        int n = d.Length;
        if (n < 2) throw new ArgumentException($"a paired comparison needs at least 2 pairs; got {n}");
        bool allTied = d.All(v => v == 0);
        bool constant = d.All(v => v == d[0]);

        var tests = new Dictionary<string, TestResult>();
        if (options.Tests.HasFlag(PairedTestKind.T) && !constant)
            tests["t"] = PairedTTest.Test(a, b, options.Alternative);
        if (options.Tests.HasFlag(PairedTestKind.Wilcoxon) && !(allTied && options.ZeroMethod != ZeroMethod.ZSplit))
            tests["wilcoxon"] = WilcoxonSignedRank.TestDifferences(d, options.Alternative, options.ZeroMethod, options.WilcoxonCorrection);
        if (options.Tests.HasFlag(PairedTestKind.Sign))
            tests["sign"] = SignTest.Test(a, b, options.Alternative);
        if (options.Tests.HasFlag(PairedTestKind.Permutation))
            tests["permutation"] = PermutationTest.TestDifferences(d, options.Alternative, options.Resamples, options.Seed, options.PermutationExactMaxN);
        // The interval always comes from the bootstrap, so it runs even when its test is not asked for.
        var bootstrap = PairedBootstrap.Run(ResampleStatistics.Mean(d), new BootstrapOptions
        {
            Resamples = options.Resamples, Level = options.Level, Seed = options.Seed, Alternative = options.Alternative,
        });
        if (options.Tests.HasFlag(PairedTestKind.Bootstrap))
            tests["bootstrap"] = new TestResult(bootstrap.Estimate, bootstrap.PValue, $"bootstrap ({options.Resamples} resamples, shifted replicates)");

        // BCa needs variation among the jackknife values; fall back to the percentile interval when it is undefined.
        var interval = bootstrap.BCa is { } bca && !double.IsNaN(bca.Low) && !double.IsNaN(bca.High) ? bca : bootstrap.Percentile;
        var effects = new PairedEffects(
            constant ? double.NaN : PairedEffectSize.CohensDz(a, b),
            n >= 3 ? PairedEffectSize.HedgesGav(a, b) : double.NaN,
            PairedEffectSize.RankBiserial(a, b),
            PairedEffectSize.CliffsDelta(a, b),
            PairedEffectSize.Count(a, b));
        return new PairedComparisonResult(n, Summary.Mean(a), Summary.Mean(b), Summary.Mean(d), interval, tests, effects);
    }
}

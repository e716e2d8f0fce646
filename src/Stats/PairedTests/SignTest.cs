using Ablation.Stats.Distributions;

namespace Ablation.Stats.PairedTests;

/// <summary>
/// Sign test: the number of positive differences among the non-zero ones, tested against Binomial(n, ½) with the
/// exact binomial test (scipy.stats.binomtest). Zero differences carry no sign and are dropped.
/// </summary>
public static class SignTest
{
    /// <summary>Statistic: the number of pairs with a &gt; b.</summary>
    public static TestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.TwoSided)
    {
        var d = Differences.Of(a, b);
        int positive = d.Count(v => v > 0), negative = d.Count(v => v < 0);
        int n = positive + negative;
        if (n == 0) return new TestResult(0, 1.0, "exact binomial (all pairs tied)");
        return new TestResult(positive, BinomialTest.PValue(positive, n, 0.5, alternative), "exact binomial");
    }
}

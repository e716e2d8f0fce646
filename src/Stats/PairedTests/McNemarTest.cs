using Ablation.Stats.Distributions;

namespace Ablation.Stats.PairedTests;

/// <summary>
/// McNemar's test for paired binary outcomes (statsmodels.stats.contingency_tables.mcnemar). Only the discordant
/// counts matter: b = pairs where only A is correct, c = pairs where only B is correct.
/// </summary>
public static class McNemarTest
{
    /// <summary>
    /// Exact: statistic min(b, c), p = min(1, 2·P(Binomial(b + c, ½) ≤ min(b, c))). Otherwise chi-square with one
    /// degree of freedom, statistic (|b − c| − 1)² / (b + c) with the continuity correction or (b − c)² / (b + c) without.
    /// </summary>
    public static TestResult Test(int onlyA, int onlyB, bool exact = true, bool correction = true)
    {
        if (onlyA < 0 || onlyB < 0) throw new ArgumentException($"discordant counts must be non-negative; got {onlyA} and {onlyB}");
        int n = onlyA + onlyB;
        if (n == 0) return new TestResult(exact ? 0 : double.NaN, 1.0, "no discordant pairs");
        if (exact)
        {
            int k = Math.Min(onlyA, onlyB);
            return new TestResult(k, Math.Min(1.0, 2 * Probability.BinomialCdf(k, n, 0.5)), "exact binomial");
        }
        double diff = Math.Abs(onlyA - onlyB) - (correction ? 1.0 : 0.0);
        double statistic = diff * diff / n;
        return new TestResult(statistic, Probability.ChiSquareSf(statistic, 1),
            correction ? "chi-square, continuity-corrected" : "chi-square");
    }

    /// <summary>From two paired boolean outcome vectors (e.g. per-item correctness of two classifiers).</summary>
    public static TestResult Test(ReadOnlySpan<bool> a, ReadOnlySpan<bool> b, bool exact = true, bool correction = true)
    {
        if (a.Length != b.Length) throw new ArgumentException($"paired outcomes must have the same length; got {a.Length} and {b.Length}");
        int onlyA = 0, onlyB = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] && !b[i]) onlyA++;
            else if (!a[i] && b[i]) onlyB++;
        }
        return Test(onlyA, onlyB, exact, correction);
    }
}

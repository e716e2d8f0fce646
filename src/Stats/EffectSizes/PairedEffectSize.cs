using Ablation.Stats.Distributions;
using MathNet.Numerics;

namespace Ablation.Stats.EffectSizes;

/// <summary>Mean difference with its t-based confidence interval.</summary>
public sealed record MeanDifference(double Estimate, double Low, double High, double Level);

/// <summary>Counts of pairs where a wins (a &gt; b), ties, and loses.</summary>
public sealed record WinTieLoss(int Wins, int Ties, int Losses);

/// <summary>
/// Effect sizes for two paired samples a and b (difference d = a − b). Formulas: Lakens (2013) for d_z and g_av,
/// Kerby (2014) for the matched-pairs rank-biserial correlation, Cliff (1993) for delta.
/// </summary>
public static class PairedEffectSize
{
    /// <summary>mean(d) ± t_{(1+level)/2, n−1} · sd(d)/√n.</summary>
    public static MeanDifference MeanDifferenceWithCi(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double level = 0.95)
    {
        var d = Differences.Of(a, b);
        if (d.Length < 2) throw new ArgumentException($"a confidence interval needs at least 2 pairs; got {d.Length}");
        CheckLevel(level);
        double mean = Summary.Mean(d);
        double halfWidth = Probability.StudentTQuantile((1 + level) / 2, d.Length - 1) * Summary.StandardDeviation(d, mean) / Math.Sqrt(d.Length);
        return new MeanDifference(mean, mean - halfWidth, mean + halfWidth, level);
    }

    /// <summary>Cohen's d_z = mean(d) / sd(d): the standardized mean of the differences.</summary>
    public static double CohensDz(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = Differences.Of(a, b);
        double mean = Summary.Mean(d);
        return mean / Summary.StandardDeviation(d, mean);
    }

    /// <summary>
    /// Hedges' g_av = J · mean(d) / ((sd(a) + sd(b)) / 2), with the exact small-sample correction
    /// J = Γ(ν/2) / (√(ν/2) Γ((ν−1)/2)) at ν = n − 1 (Lakens 2013 uses its approximation 1 − 3/(4ν − 1)).
    /// </summary>
    public static double HedgesGav(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = Differences.Of(a, b);
        int n = d.Length;
        if (n < 3) throw new ArgumentException($"Hedges' g needs at least 3 pairs; got {n}");
        double dav = Summary.Mean(d) / ((Summary.StandardDeviation(a) + Summary.StandardDeviation(b)) / 2);
        return HedgesCorrection(n - 1) * dav;
    }

    /// <summary>Hedges' exact bias correction factor J(ν).</summary>
    public static double HedgesCorrection(double df) =>
        Math.Exp(SpecialFunctions.GammaLn(df / 2) - SpecialFunctions.GammaLn((df - 1) / 2)) / Math.Sqrt(df / 2);

    /// <summary>
    /// Matched-pairs rank-biserial correlation (R+ − R−)/(R+ + R−) over the non-zero differences ranked by |d|
    /// with average ranks: +1 when every non-zero difference favours a. 0 when all pairs are tied.
    /// </summary>
    public static double RankBiserial(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = Differences.Of(a, b).Where(v => v != 0).ToArray();
        if (d.Length == 0) return 0;
        var ranks = Ranking.AverageRanks(d.Select(Math.Abs).ToArray());
        double plus = 0, minus = 0;
        for (int i = 0; i < d.Length; i++) { if (d[i] > 0) plus += ranks[i]; else minus += ranks[i]; }
        return (plus - minus) / (plus + minus);
    }

    /// <summary>
    /// Cliff's delta P(A &gt; B) − P(A &lt; B) over all (a_i, b_j) pairs, i.e. as if the samples were independent;
    /// it describes how the two score distributions overlap. O(n log n) by sorting b.
    /// </summary>
    public static double CliffsDelta(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length == 0 || b.Length == 0) throw new ArgumentException("Cliff's delta needs two non-empty samples");
        var sorted = b.ToArray();
        Array.Sort(sorted);
        double greater = 0, less = 0;
        foreach (double x in a)
        {
            int below = SortedSearch.LowerBound(sorted, x);            // b_j < x
            int aboveStart = SortedSearch.UpperBound(sorted, x);       // b_j > x from here
            greater += below;
            less += sorted.Length - aboveStart;
        }
        return (greater - less) / ((double)a.Length * b.Length);
    }

    /// <summary>Per-pair wins (a &gt; b), ties and losses.</summary>
    public static WinTieLoss Count(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var d = Differences.Of(a, b);
        return new WinTieLoss(d.Count(v => v > 0), d.Count(v => v == 0), d.Count(v => v < 0));
    }

    internal static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentException($"confidence level must lie in (0, 1); got {level}");
    }
}

using Ablation.Stats.Distributions;

namespace Ablation.Stats.Ranks;

/// <summary>Nemenyi post-hoc test after Friedman: two models differ if their average ranks differ by at least the CD.</summary>
public static class Nemenyi
{
    /// <summary>q_α = studentized-range quantile (k groups, ∞ df) / √2 (Demšar 2006, Table 5a).</summary>
    public static double CriticalQ(int k, double alpha = 0.05) => StudentizedRange.Quantile(1 - alpha, k) / Math.Sqrt(2);

    /// <summary>CD = q_α · √(k(k + 1) / (6N)) for k models over N tasks.</summary>
    public static double CriticalDifference(int k, int blocks, double alpha = 0.05) =>
        CriticalQ(k, alpha) * Math.Sqrt(k * (k + 1.0) / (6.0 * blocks));

    /// <summary>Two-sided p-value of one pair's rank difference: P(R ≥ |Δ|·√(6N/(k(k+1)))·√2).</summary>
    public static double PairPValue(double averageRankA, double averageRankB, int k, int blocks) =>
        1 - StudentizedRange.Cdf(Math.Abs(averageRankA - averageRankB) / Math.Sqrt(k * (k + 1.0) / (6.0 * blocks)) * Math.Sqrt(2), k);
}

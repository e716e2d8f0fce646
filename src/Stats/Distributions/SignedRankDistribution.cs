namespace Ablation.Stats.Distributions;

/// <summary>
/// Exact null distribution of the Wilcoxon signed-rank statistic R+ for n untied, non-zero differences:
/// each of the 2ⁿ sign patterns is equally likely. Counts are exact integers (they fit a double up to n = 50).
/// </summary>
public static class SignedRankDistribution
{
    private static readonly Dictionary<int, double[]> Cache = new();

    /// <summary>Number of sign patterns giving each rank sum 0 .. n(n+1)/2.</summary>
    public static double[] Counts(int n)
    {
        if (n < 0 || n > 1000) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be in [0, 1000]");
        lock (Cache)
        {
            if (Cache.TryGetValue(n, out var cached)) return cached;
            int max = n * (n + 1) / 2;
            var counts = new double[max + 1];
            counts[0] = 1;
            // Add rank r: every existing sum s also appears as s + r.
            for (int r = 1; r <= n; r++)
                for (int s = r * (r + 1) / 2; s >= r; s--)
                    counts[s] += counts[s - r];
            Cache[n] = counts;
            return counts;
        }
    }

    /// <summary>P(R+ ≤ r) under the null.</summary>
    public static double Cdf(int n, int r) => Sum(Counts(n), 0, r) / Math.Pow(2, n);

    /// <summary>P(R+ ≥ r) under the null.</summary>
    public static double SfInclusive(int n, int r)
    {
        var counts = Counts(n);
        return Sum(counts, r, counts.Length - 1) / Math.Pow(2, n);
    }

    private static double Sum(double[] counts, int from, int to)
    {
        from = Math.Max(from, 0);
        to = Math.Min(to, counts.Length - 1);
        double total = 0;
        for (int i = from; i <= to; i++) total += counts[i];
        return total;
    }
}

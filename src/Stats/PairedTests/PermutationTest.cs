using Ablation.Stats.Resampling;

namespace Ablation.Stats.PairedTests;

/// <summary>
/// Paired permutation (randomization) test of the mean difference: under H0 the labels within a pair are
/// exchangeable, so each difference's sign is flipped at random. Exact enumeration of all 2ⁿ sign patterns
/// (meet in the middle, so n up to ~40 stays cheap) when n ≤ <c>maxExactN</c>; otherwise Monte Carlo with
/// p = (b + 1)/(B + 1), never 0. Two-sided counts |T*| ≥ |T|, which equals scipy's 2·min(one-sided) for this
/// symmetric null in the exact case. The statistic reported is mean(a − b).
/// </summary>
public static class PermutationTest
{
    public static TestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.TwoSided,
        int resamples = 9999, ulong seed = 0, int maxExactN = 20) =>
        TestDifferences(Differences.Of(a, b), alternative, resamples, seed, maxExactN);

    public static TestResult TestDifferences(double[] d, Alternative alternative = Alternative.TwoSided,
        int resamples = 9999, ulong seed = 0, int maxExactN = 20)
    {
        int n = d.Length;
        if (n == 0) throw new ArgumentException("the permutation test needs at least one pair");
        if (maxExactN > 40) throw new ArgumentOutOfRangeException(nameof(maxExactN), maxExactN, "exact enumeration is limited to n ≤ 40");
        double observed = 0, scale = 0;
        foreach (var v in d) { observed += v; scale += Math.Abs(v); }
        // Floating-point sums of the same values in another order differ in the last bits; treat values within
        // this tolerance of the observed sum as equal to it (scipy uses a relative 1e-14 for the same reason).
        double tolerance = 1e-12 * Math.Max(scale, double.Epsilon);

        if (n <= maxExactN)
        {
            var (atLeast, atMost, atLeastAbs, total) = ExactCounts(d, observed, tolerance);
            double p = alternative switch
            {
                Alternative.Greater => atLeast / total,
                Alternative.Less => atMost / total,
                _ => Math.Min(1.0, atLeastAbs / total),
            };
            return new TestResult(observed / n, p, $"exact ({total:0} sign patterns)");
        }

        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "need at least one resample");
        var rng = new Xoshiro256StarStar(seed);
        long hits = 0;
        double absObserved = Math.Abs(observed);
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            // 64 signs per random word.
            int i = 0;
            while (i < n)
            {
                ulong bits = rng.NextUInt64();
                int end = Math.Min(n, i + 64);
                for (; i < end; i++, bits >>= 1) sum += (bits & 1) != 0 ? d[i] : -d[i];
            }
            bool hit = alternative switch
            {
                Alternative.Greater => sum >= observed - tolerance,
                Alternative.Less => sum <= observed + tolerance,
                _ => Math.Abs(sum) >= absObserved - tolerance,
            };
            if (hit) hits++;
        }
        return new TestResult(observed / n, (hits + 1.0) / (resamples + 1.0), $"Monte Carlo ({resamples} resamples)");
    }

    /// <summary>Counts sign patterns with sum ≥ T, ≤ T and |sum| ≥ |T| by splitting the pairs in two halves.</summary>
    private static (double AtLeast, double AtMost, double AtLeastAbs, double Total) ExactCounts(double[] d, double observed, double tolerance)
    {
        int n = d.Length, h = n / 2;
        var left = SubsetSums(d.AsSpan(0, h));
        var right = SubsetSums(d.AsSpan(h));
        Array.Sort(right);
        double atLeast = 0, atMost = 0, atLeastAbs = 0;
        double absObserved = Math.Abs(observed);
        foreach (double s in left)
        {
            atLeast += right.Length - SortedSearch.LowerBound(right, observed - tolerance - s);
            atMost += SortedSearch.UpperBound(right, observed + tolerance - s);
            // |s + r| ≥ |T|: r ≥ |T| − s, or r ≤ −|T| − s (disjoint unless T = 0, when every pattern counts).
            if (absObserved <= tolerance) { atLeastAbs += right.Length; continue; }
            atLeastAbs += right.Length - SortedSearch.LowerBound(right, absObserved - tolerance - s);
            atLeastAbs += SortedSearch.UpperBound(right, -absObserved + tolerance - s);
        }
        return (atLeast, atMost, atLeastAbs, (double)left.Length * right.Length);
    }

    /// <summary>All 2^m signed sums of the values, each built by at most m additions (so rounding stays small).</summary>
    private static double[] SubsetSums(ReadOnlySpan<double> values)
    {
        int m = values.Length;
        var sums = new double[1 << m];
        double allNegative = 0;
        foreach (var v in values) allNegative -= v;
        sums[0] = allNegative;
        for (int mask = 1; mask < sums.Length; mask++)
        {
            int low = System.Numerics.BitOperations.TrailingZeroCount(mask);
            sums[mask] = sums[mask & (mask - 1)] + 2 * values[low];
        }
        return sums;
    }
}

using Ablation.Stats.Distributions;

namespace Ablation.Stats.PairedTests;

/// <summary>
/// Wilcoxon signed-rank test on d = a − b with the conventions of scipy.stats.wilcoxon (scipy 1.10): the statistic is
/// min(R+, R−) for two-sided tests and R+ for one-sided ones; zeros per <see cref="ZeroMethod"/>; the normal
/// approximation uses the tie correction, Cureton's adjustment for Pratt, and an optional continuity correction.
/// One deliberate difference: scipy 1.10's "auto" uses the exact distribution for n ≤ 50 even when |d| has ties
/// (truncating a half-integer R+), which is not a valid exact test; here ties always mean the approximation
/// (as newer scipy does).
/// </summary>
public static class WilcoxonSignedRank
{
    public static TestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        Alternative alternative = Alternative.TwoSided, ZeroMethod zeroMethod = ZeroMethod.Wilcox,
        bool correction = false, WilcoxonMethod method = WilcoxonMethod.Auto) =>
        TestDifferences(Differences.Of(a, b), alternative, zeroMethod, correction, method);

    public static TestResult TestDifferences(double[] differences, Alternative alternative = Alternative.TwoSided,
        ZeroMethod zeroMethod = ZeroMethod.Wilcox, bool correction = false, WilcoxonMethod method = WilcoxonMethod.Auto)
    {
        if (differences.Length == 0) throw new ArgumentException("the Wilcoxon test needs at least one pair");
        int zeros = differences.Count(v => v == 0);
        if (zeros == differences.Length && zeroMethod != ZeroMethod.ZSplit)
            throw new ArgumentException("all differences are zero; zero methods 'wilcox' and 'pratt' have nothing to rank (use 'zsplit', or report no difference)");

        var abs = differences.Select(Math.Abs).ToArray();
        bool hasTies = Ranking.TieGroupSizes(abs.Where(v => v != 0).ToArray()).Count > 0;
        bool exact = method switch
        {
            WilcoxonMethod.Approx => false,
            WilcoxonMethod.Exact => zeros == 0 && !hasTies,
            _ => differences.Length <= 50 && zeros == 0 && !hasTies,
        };

        var d = zeroMethod == ZeroMethod.Wilcox ? differences.Where(v => v != 0).ToArray() : differences;
        int count = d.Length;
        var ranks = Ranking.AverageRanks(d.Select(Math.Abs).ToArray());
        double rPlus = 0, rMinus = 0, rZero = 0;
        for (int i = 0; i < count; i++)
        {
            if (d[i] > 0) rPlus += ranks[i];
            else if (d[i] < 0) rMinus += ranks[i];
            else rZero += ranks[i];
        }
        if (zeroMethod == ZeroMethod.ZSplit) { rPlus += rZero / 2; rMinus += rZero / 2; }
        double statistic = alternative == Alternative.TwoSided ? Math.Min(rPlus, rMinus) : rPlus;

        if (exact)
        {
            int r = (int)rPlus;
            int max = count * (count + 1) / 2;
            double p = alternative switch
            {
                Alternative.Greater => SignedRankDistribution.SfInclusive(count, r),
                Alternative.Less => SignedRankDistribution.Cdf(count, r),
                _ => r == max / 2 ? 1.0 : 2 * Math.Min(SignedRankDistribution.Cdf(count, r), SignedRankDistribution.SfInclusive(count, r)),
            };
            return new TestResult(statistic, Math.Clamp(p, 0, 1), "exact");
        }

        double mean = count * (count + 1.0) * 0.25;
        double variance = count * (count + 1.0) * (2.0 * count + 1.0);
        IEnumerable<double> tieRanks = ranks;
        if (zeroMethod == ZeroMethod.Pratt)
        {
            tieRanks = ranks.Where((_, i) => d[i] != 0);
            mean -= zeros * (zeros + 1.0) * 0.25;
            variance -= zeros * (zeros + 1.0) * (2.0 * zeros + 1.0);
        }
        foreach (int t in Ranking.TieGroupSizes(tieRanks.ToArray()))
            variance -= 0.5 * t * ((double)t * t - 1);
        double se = Math.Sqrt(variance / 24);

        double shift = !correction ? 0 : alternative switch
        {
            Alternative.TwoSided => 0.5 * Math.Sign(statistic - mean),
            Alternative.Less => -0.5,
            _ => 0.5,
        };
        double z = (statistic - mean - shift) / se;
        double pApprox = alternative switch
        {
            Alternative.TwoSided => 2 * Probability.NormalSf(Math.Abs(z)),
            Alternative.Greater => Probability.NormalSf(z),
            _ => Probability.NormalCdf(z),
        };
        return new TestResult(statistic, Math.Min(1.0, pApprox), correction ? "normal approximation, continuity-corrected" : "normal approximation");
    }
}

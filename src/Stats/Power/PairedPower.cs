using Ablation.Stats.Distributions;

namespace Ablation.Stats.Power;

/// <summary>
/// Power and sample size of the paired t-test (statsmodels' TTestPower conventions: effect size = mean difference /
/// SD of the differences, df = n − 1; two-sided power adds both rejection tails).
/// </summary>
public static class PairedPower
{
    /// <summary>Probability that the paired t-test at level <paramref name="alpha"/> rejects when the true standardized effect is <paramref name="effectSize"/>.</summary>
    public static double Power(double effectSize, int n, double alpha = 0.05, Alternative alternative = Alternative.TwoSided)
    {
        if (n < 2) throw new ArgumentException($"power needs at least 2 pairs; got {n}");
        double df = n - 1, nc = effectSize * Math.Sqrt(n);
        double tail = alternative == Alternative.TwoSided ? alpha / 2 : alpha;
        double power = 0;
        if (alternative != Alternative.Less) power += NoncentralT.Sf(-Probability.StudentTQuantile(tail, df), df, nc);
        if (alternative != Alternative.Greater) power += NoncentralT.Cdf(Probability.StudentTQuantile(tail, df), df, nc);
        return power;
    }

    /// <summary>Smallest positive standardized effect detected with the given power (statsmodels solve_power for effect_size).</summary>
    public static double MinimumDetectableEffect(int n, double alpha = 0.05, double power = 0.8, Alternative alternative = Alternative.TwoSided)
    {
        if (!(power > alpha && power < 1)) throw new ArgumentException($"target power must lie in (alpha, 1); got {power}");
        var sign = alternative == Alternative.Less ? -1 : 1;
        double lo = 0, hi = 1;
        while (Power(sign * hi, n, alpha, alternative) < power) { lo = hi; hi *= 2; }
        return sign * MathNet.Numerics.RootFinding.Brent.FindRoot(e => Power(sign * e, n, alpha, alternative) - power, lo, hi, 1e-12, 200);
    }

    /// <summary>Minimum detectable mean difference: the standardized effect times the observed SD of the differences.</summary>
    public static double MinimumDetectableDifference(double sdOfDifferences, int n, double alpha = 0.05, double power = 0.8,
        Alternative alternative = Alternative.TwoSided) => MinimumDetectableEffect(n, alpha, power, alternative) * sdOfDifferences;

    /// <summary>Smallest number of pairs whose power reaches <paramref name="power"/> for the standardized effect.</summary>
    public static int SampleSize(double effectSize, double alpha = 0.05, double power = 0.8, Alternative alternative = Alternative.TwoSided, int max = 10_000_000)
    {
        if (effectSize == 0) throw new ArgumentException("a zero effect cannot be detected at any sample size");
        int lo = 2, hi = 2;
        while (Power(effectSize, hi, alpha, alternative) < power)
        {
            lo = hi; hi *= 2;
            if (hi > max) throw new ArgumentException($"more than {max} pairs would be needed for effect size {effectSize}");
        }
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (Power(effectSize, mid, alpha, alternative) >= power) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>
    /// Seeds needed so that the t-interval of a design's mean score over seeds has full width at most
    /// <paramref name="width"/>, given the SD of the score across seeds observed so far: smallest m ≥ 2 with
    /// 2·t_{(1+level)/2, m−1}·sd/√m ≤ width.
    /// </summary>
    public static int SeedsForCiWidth(double seedSd, double width, double level = 0.95, int max = 100_000)
    {
        if (!(width > 0)) throw new ArgumentException($"target width must be positive; got {width}");
        if (seedSd == 0) return 2;
        for (int m = 2; m <= max; m++)
            if (2 * Probability.StudentTQuantile((1 + level) / 2, m - 1) * seedSd / Math.Sqrt(m) <= width) return m;
        throw new ArgumentException($"more than {max} seeds would be needed for width {width} at seed SD {seedSd}");
    }
}

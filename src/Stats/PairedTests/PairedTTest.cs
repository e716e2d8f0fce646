using Ablation.Stats.Distributions;

namespace Ablation.Stats.PairedTests;

/// <summary>Paired (dependent-samples) t-test on a − b, as scipy.stats.ttest_rel.</summary>
public static class PairedTTest
{
    /// <summary>t = mean(d) / (sd(d)/√n) with n − 1 degrees of freedom. All-equal differences give NaN, as in scipy.</summary>
    public static TestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.TwoSided)
    {
        var d = Differences.Of(a, b);
        int n = d.Length;
        if (n < 2) throw new ArgumentException($"the paired t-test needs at least 2 pairs; got {n}");
        double mean = Summary.Mean(d);
        double sd = Summary.StandardDeviation(d, mean);
        double t = mean / (sd / Math.Sqrt(n));
        if (sd == 0) t = mean == 0 ? double.NaN : Math.Sign(mean) * double.PositiveInfinity;
        double df = n - 1;
        double p = double.IsNaN(t) ? double.NaN : alternative switch
        {
            Alternative.TwoSided => Math.Min(1.0, 2 * Probability.StudentTSf(Math.Abs(t), df)),
            Alternative.Greater => Probability.StudentTSf(t, df),
            _ => Probability.StudentTCdf(t, df),
        };
        return new TestResult(t, p, $"paired t-test, df = {n - 1}");
    }
}

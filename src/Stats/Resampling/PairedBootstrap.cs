using Ablation.Stats.Distributions;

namespace Ablation.Stats.Resampling;

/// <summary>
/// Nonparametric bootstrap over items: each resample draws n item indices with replacement and recomputes the
/// statistic (for a paired comparison, both models' metric on the same indices, see
/// <see cref="ResampleStatistics.Difference"/>). Percentile and BCa intervals follow scipy.stats.bootstrap
/// (Efron &amp; Tibshirani 1993, §14.3; linear-interpolated percentiles; z0 from the mid-rank of the estimate).
/// </summary>
public static class PairedBootstrap
{
    public static BootstrapResult Run(IResampleStatistic statistic, BootstrapOptions? options = null)
    {
        options ??= new BootstrapOptions();
        options.Validate();
        int n = statistic.ItemCount;
        if (n < 2) throw new ArgumentException($"the bootstrap needs at least 2 items; got {n}");

        var all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        double estimate = statistic.Evaluate(all);

        var rng = new Xoshiro256StarStar(options.Seed);
        var indices = all; // reused as the resample buffer from here on
        var replicates = new double[options.Resamples];
        for (int r = 0; r < replicates.Length; r++)
        {
            rng.FillIndices(indices, n);
            replicates[r] = statistic.Evaluate(indices);
        }

        ConfidenceInterval? bca = null;
        if (options.ComputeBCa)
        {
            var (low, high) = BcaInterval(replicates, estimate, Jackknife.LeaveOneOut(statistic), options.Level);
            bca = new ConfidenceInterval(low, high, options.Level, "BCa");
        }
        return Summarize(estimate, replicates, options, bca);
    }

    /// <summary>Shortcut for the mean of paired differences a − b.</summary>
    public static BootstrapResult MeanDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, BootstrapOptions? options = null) =>
        Run(ResampleStatistics.MeanDifference(a, b), options);

    internal static BootstrapResult Summarize(double estimate, double[] replicates, BootstrapOptions options, ConfidenceInterval? bca)
    {
        var sorted = (double[])replicates.Clone();
        Array.Sort(sorted);
        double alpha = (1 - options.Level) / 2;
        var percentile = new ConfidenceInterval(Quantile(sorted, alpha), Quantile(sorted, 1 - alpha), options.Level, "percentile");
        return new BootstrapResult(estimate, Summary.StandardDeviation(replicates), percentile, bca,
            PValue(replicates, estimate, options.Alternative), replicates);
    }

    /// <summary>
    /// Bootstrap p-value for H0: θ = 0 by shifting the replicates to the null (Hall &amp; Wilson 1991):
    /// two-sided counts |θ* − θ̂| ≥ |θ̂|; "greater" counts θ* − θ̂ ≥ θ̂; "less" counts θ* − θ̂ ≤ θ̂; p = (b + 1)/(B + 1).
    /// </summary>
    public static double PValue(ReadOnlySpan<double> replicates, double estimate, Alternative alternative)
    {
        long hits = 0;
        double absEstimate = Math.Abs(estimate);
        foreach (double t in replicates)
        {
            double shifted = t - estimate;
            bool hit = alternative switch
            {
                Alternative.Greater => shifted >= estimate,
                Alternative.Less => shifted <= estimate,
                _ => Math.Abs(shifted) >= absEstimate,
            };
            if (hit) hits++;
        }
        return (hits + 1.0) / (replicates.Length + 1.0);
    }

    /// <summary>BCa endpoints from replicates, the full-sample estimate and the jackknife values.</summary>
    public static (double Low, double High) BcaInterval(double[] replicates, double estimate, double[] jackknife, double level)
    {
        // Bias correction: the mid-rank proportion of replicates below the estimate (scipy's percentileofscore 'mean').
        long below = 0, belowOrEqual = 0;
        foreach (double t in replicates) { if (t < estimate) below++; if (t <= estimate) belowOrEqual++; }
        double z0 = Probability.NormalQuantile((below + belowOrEqual) / (2.0 * replicates.Length));

        double mean = 0;
        foreach (double v in jackknife) mean += v;
        mean /= jackknife.Length;
        double num = 0, den = 0;
        foreach (double v in jackknife) { double u = mean - v; num += u * u * u; den += u * u; }
        double acceleration = num / (6 * Math.Pow(den, 1.5));

        double zAlpha = Probability.NormalQuantile((1 - level) / 2);
        double Adjusted(double z) => Probability.NormalCdf(z0 + (z0 + z) / (1 - acceleration * (z0 + z)));
        double alpha1 = Adjusted(zAlpha), alpha2 = Adjusted(-zAlpha);
        if (double.IsNaN(alpha1) || double.IsNaN(alpha2)) return (double.NaN, double.NaN);

        var sorted = (double[])replicates.Clone();
        Array.Sort(sorted);
        return (Quantile(sorted, alpha1), Quantile(sorted, alpha2));
    }

    /// <summary>Quantile of sorted data with linear interpolation (numpy's default, type 7).</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double position = (sorted.Length - 1) * Math.Clamp(q, 0, 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        double fraction = position - lower;
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower]);
    }
}

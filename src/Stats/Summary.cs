namespace Ablation.Stats;

/// <summary>Mean and sample standard deviation, computed in two passes for numerical stability.</summary>
public static class Summary
{
    public static double Mean(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) return double.NaN;
        double sum = 0;
        foreach (var v in x) sum += v;
        double mean = sum / x.Length;
        // One correction pass (as numpy's pairwise sum is more exact than a naive loop).
        double residual = 0;
        foreach (var v in x) residual += v - mean;
        return mean + residual / x.Length;
    }

    /// <summary>Sample standard deviation with n − 1 in the denominator (ddof = 1).</summary>
    public static double StandardDeviation(ReadOnlySpan<double> x, double mean)
    {
        if (x.Length < 2) return double.NaN;
        double ss = 0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / (x.Length - 1));
    }

    public static double StandardDeviation(ReadOnlySpan<double> x) => StandardDeviation(x, Mean(x));
}

namespace Ablation.Stats;

/// <summary>
/// Correlation coefficients (statistic only) with scipy.stats conventions. A constant input has no defined
/// correlation and gives NaN, as in scipy; inputs of different lengths or fewer than two points throw.
/// </summary>
public static class Correlation
{
    /// <summary>Pearson's r (scipy.stats.pearsonr), computed on centred data for numerical stability.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPaired(x, y);
        int n = x.Length;
        double meanX = 0, meanY = 0;
        for (int i = 0; i < n; i++) { meanX += x[i]; meanY += y[i]; }
        meanX /= n; meanY /= n;
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) return double.NaN;
        double r = sxy / Math.Sqrt(sxx * syy);
        return Math.Clamp(r, -1.0, 1.0);
    }

    /// <summary>Spearman's rho: Pearson's r of average ranks (scipy.stats.spearmanr).</summary>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPaired(x, y);
        return Pearson(Ranking.AverageRanks(x), Ranking.AverageRanks(y));
    }

    /// <summary>
    /// Kendall's tau-b (scipy.stats.kendalltau, variant "b"): (concordant − discordant) /
    /// sqrt((n0 − ties_x)(n0 − ties_y)). O(n²) pair counting; fine for the evaluator sizes used here.
    /// </summary>
    public static double KendallTauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPaired(x, y);
        int n = x.Length;
        long concordant = 0, discordant = 0, tiedXOnly = 0, tiedYOnly = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                int sx = Math.Sign(x[i] - x[j]);
                int sy = Math.Sign(y[i] - y[j]);
                if (sx == 0 && sy == 0) continue;        // tied in both: counts in neither denominator term
                if (sx == 0) tiedXOnly++;
                else if (sy == 0) tiedYOnly++;
                else if (sx == sy) concordant++;
                else discordant++;
            }
        }
        double denominator = Math.Sqrt((double)(concordant + discordant + tiedXOnly) * (concordant + discordant + tiedYOnly));
        if (denominator == 0) return double.NaN;
        return Math.Clamp((concordant - discordant) / denominator, -1.0, 1.0);
    }

    private static void CheckPaired(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"paired samples must have the same length; got {x.Length} and {y.Length}");
        if (x.Length < 2)
            throw new ArgumentException($"a correlation needs at least 2 pairs; got {x.Length}");
    }
}

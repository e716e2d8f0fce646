using Ablation.Stats.Distributions;

namespace Ablation.Stats.Ranks;

/// <summary>Friedman test over a blocks × treatments table, with the Iman–Davenport F refinement.</summary>
/// <param name="AverageRanks">Per treatment (model), its mean rank over blocks; rank 1 = best (highest score).</param>
/// <param name="ChiSquare">Friedman's statistic with scipy's tie correction.</param>
/// <param name="PValue">Chi-square p-value with k − 1 degrees of freedom (scipy.stats.friedmanchisquare).</param>
/// <param name="ImanDavenportF">F_F = (N − 1)χ² / (N(k − 1) − χ²) (Iman &amp; Davenport 1980).</param>
/// <param name="ImanDavenportPValue">F_F against F(k − 1, (k − 1)(N − 1)); less conservative than χ² (Demšar 2006).</param>
/// <param name="Blocks">Number of blocks N (tasks).</param>
/// <param name="Treatments">Number of treatments k (models).</param>
public sealed record FriedmanResult(double[] AverageRanks, double ChiSquare, double PValue, double ImanDavenportF, double ImanDavenportPValue, int Blocks, int Treatments);

/// <summary>Friedman's rank test (Friedman 1937; Demšar 2006 §3.2.2).</summary>
public static class Friedman
{
    /// <param name="scores">scores[block][treatment], e.g. per task (block) the score of each model; higher is better.</param>
    public static FriedmanResult Test(IReadOnlyList<double[]> scores)
    {
        int n = scores.Count;
        if (n < 2) throw new ArgumentException($"the Friedman test needs at least 2 blocks (tasks); got {n}");
        int k = scores[0].Length;
        if (k < 3) throw new ArgumentException($"the Friedman test needs at least 3 treatments (models); got {k}; for two use the Wilcoxon test");
        var rankSums = new double[k];
        double tieSum = 0;
        for (int i = 0; i < n; i++)
        {
            if (scores[i].Length != k) throw new ArgumentException($"block {i} has {scores[i].Length} scores; every block needs {k}");
            var ranks = Ranking.AverageRanks(scores[i].Select(v => -v).ToArray()); // rank 1 = highest score
            for (int j = 0; j < k; j++) rankSums[j] += ranks[j];
            foreach (int t in Ranking.TieGroupSizes(scores[i])) tieSum += (double)t * t * t - t;
        }
        double ssbn = rankSums.Sum(r => r * r);
        double correction = 1 - tieSum / (n * (double)k * (k * k - 1));
        double chi2 = (12.0 / (n * k * (k + 1.0)) * ssbn - 3.0 * n * (k + 1)) / correction;
        double p = Probability.ChiSquareSf(chi2, k - 1);
        double ff = (n - 1) * chi2 / (n * (k - 1.0) - chi2);
        double pf = Probability.FSf(ff, k - 1, (k - 1.0) * (n - 1));
        return new FriedmanResult(rankSums.Select(s => s / n).ToArray(), chi2, p, ff, pf, n, k);
    }
}

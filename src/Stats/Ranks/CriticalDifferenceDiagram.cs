using Ablation.Stats.MultipleComparisons;
using Ablation.Stats.PairedTests;

namespace Ablation.Stats.Ranks;

/// <summary>
/// Everything needed to draw a critical-difference diagram: models sorted by average rank (1 = best), the CD
/// (Nemenyi) if used, and the cliques: maximal runs of consecutive models (in rank order) none of which differ
/// significantly, drawn as bars.
/// </summary>
public sealed record CriticalDifferenceDiagram(string[] Models, double[] AverageRanks, double? CriticalDifference,
    IReadOnlyList<int[]> Cliques, FriedmanResult Friedman, string PostHoc, double[,] PairwisePValues)
{
    /// <summary>Friedman + Nemenyi: cliques are runs whose rank spread is below the CD (Demšar 2006).</summary>
    public static CriticalDifferenceDiagram FromNemenyi(string[] models, IReadOnlyList<double[]> scores, double alpha = 0.05)
    {
        var friedman = Ranks.Friedman.Test(scores);
        var order = SortedOrder(friedman.AverageRanks);
        var ranks = order.Select(i => friedman.AverageRanks[i]).ToArray();
        int k = models.Length;
        CheckNames(models, friedman.Treatments);
        double cd = Nemenyi.CriticalDifference(k, friedman.Blocks, alpha);
        var p = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                p[i, j] = i == j ? 1 : Nemenyi.PairPValue(ranks[i], ranks[j], k, friedman.Blocks);
        var cliques = FindCliques(k, (i, j) => ranks[j] - ranks[i] < cd);
        return new CriticalDifferenceDiagram(order.Select(i => models[i]).ToArray(), ranks, cd, cliques, friedman, "nemenyi", p);
    }

    /// <summary>
    /// Friedman + pairwise Wilcoxon signed-rank tests over tasks with Holm's correction (Benavoli et al. 2016):
    /// cliques are runs in which every pair is not significantly different.
    /// </summary>
    public static CriticalDifferenceDiagram FromWilcoxonHolm(string[] models, IReadOnlyList<double[]> scores, double alpha = 0.05)
    {
        var friedman = Ranks.Friedman.Test(scores);
        CheckNames(models, friedman.Treatments);
        var order = SortedOrder(friedman.AverageRanks);
        int k = models.Length;
        var pairs = new List<(int I, int J)>();
        var raw = new List<double>();
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++)
            {
                var a = scores.Select(row => row[order[i]]).ToArray();
                var b = scores.Select(row => row[order[j]]).ToArray();
                double pValue = a.Zip(b).All(t => t.First == t.Second) ? 1.0
                    : WilcoxonSignedRank.Test(a, b, Alternative.TwoSided, ZeroMethod.Wilcox).PValue;
                pairs.Add((i, j));
                raw.Add(pValue);
            }
        var adjusted = PValueAdjustment.Adjust(raw.ToArray(), AdjustmentMethod.Holm, alpha);
        var p = new double[k, k];
        var significant = new bool[k, k];
        for (int i = 0; i < k; i++) p[i, i] = 1;
        for (int t = 0; t < pairs.Count; t++)
        {
            var (i, j) = pairs[t];
            p[i, j] = p[j, i] = adjusted.Adjusted[t];
            significant[i, j] = significant[j, i] = adjusted.Reject[t];
        }
        var cliques = FindCliques(k, (i, j) =>
        {
            for (int x = i; x <= j; x++)
                for (int y = x + 1; y <= j; y++)
                    if (significant[x, y]) return false;
            return true;
        });
        return new CriticalDifferenceDiagram(order.Select(i => models[i]).ToArray(), order.Select(i => friedman.AverageRanks[i]).ToArray(),
            null, cliques, friedman, "wilcoxon-holm", p);
    }

    /// <summary>Maximal runs [i..j] (j &gt; i) of rank-sorted models for which <paramref name="together"/> holds.</summary>
    private static List<int[]> FindCliques(int k, Func<int, int, bool> together)
    {
        var cliques = new List<int[]>();
        int lastEnd = -1;
        for (int i = 0; i < k; i++)
        {
            int j = i;
            while (j + 1 < k && together(i, j + 1)) j++;
            if (j > i && j > lastEnd)
            {
                cliques.Add(Enumerable.Range(i, j - i + 1).ToArray());
                lastEnd = j;
            }
        }
        return cliques;
    }

    private static int[] SortedOrder(double[] ranks) =>
        Enumerable.Range(0, ranks.Length).OrderBy(i => ranks[i]).ThenBy(i => i).ToArray();

    private static void CheckNames(string[] models, int k)
    {
        if (models.Length != k) throw new ArgumentException($"{models.Length} model names for {k} score columns");
    }
}

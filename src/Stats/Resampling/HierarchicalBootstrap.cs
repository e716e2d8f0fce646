namespace Ablation.Stats.Resampling;

/// <summary>
/// Two-level bootstrap for designs trained with several seeds (seeds are replicates): each resample draws the
/// seeds of design A and of design B with replacement (independently: seed k of A has nothing to do with seed k
/// of B), then one set of items with replacement, shared by every seed of both designs because the items are
/// the same test items. The statistic is mean over drawn A seeds of the metric on the drawn items minus the
/// same for B, so both seed and item variance enter the interval (Davison &amp; Hinkley 1997, §3.8).
/// Percentile interval only: BCa's jackknife has no standard two-level form.
/// </summary>
public static class HierarchicalBootstrap
{
    /// <param name="seedsA">Per seed of design A, its metric as a statistic of the item indices.</param>
    /// <param name="seedsB">The same for design B, over the same items.</param>
    /// <param name="options">Resamples, level, seed and alternative for the p-value.</param>
    public static BootstrapResult Run(IReadOnlyList<IResampleStatistic> seedsA, IReadOnlyList<IResampleStatistic> seedsB,
        BootstrapOptions? options = null)
    {
        options ??= new BootstrapOptions();
        options.Validate();
        if (seedsA.Count == 0 || seedsB.Count == 0) throw new ArgumentException("each design needs at least one seed");
        int n = seedsA[0].ItemCount;
        foreach (var s in seedsA.Concat(seedsB))
            if (s.ItemCount != n) throw new ArgumentException($"every seed of both designs must cover the same {n} items; one covers {s.ItemCount}");

        var items = new int[n];
        for (int i = 0; i < n; i++) items[i] = i;
        double estimate = MeanOver(seedsA, items) - MeanOver(seedsB, items);

        var rng = new Xoshiro256StarStar(options.Seed);
        var valueA = new double[seedsA.Count];
        var valueB = new double[seedsB.Count];
        var drawA = new int[seedsA.Count];
        var drawB = new int[seedsB.Count];
        var replicates = new double[options.Resamples];
        for (int r = 0; r < replicates.Length; r++)
        {
            rng.FillIndices(drawA, seedsA.Count);
            rng.FillIndices(drawB, seedsB.Count);
            rng.FillIndices(items, n);
            replicates[r] = DrawnMean(seedsA, drawA, valueA, items) - DrawnMean(seedsB, drawB, valueB, items);
        }
        return PairedBootstrap.Summarize(estimate, replicates, options, bca: null);
    }

    /// <summary>Per-item scores: <paramref name="scoresA"/>[seed][item], the metric being the mean over items.</summary>
    public static BootstrapResult MeanDifference(double[][] scoresA, double[][] scoresB, BootstrapOptions? options = null) =>
        Run(scoresA.Select(ResampleStatistics.Mean).ToArray(), scoresB.Select(ResampleStatistics.Mean).ToArray(), options);

    private static double MeanOver(IReadOnlyList<IResampleStatistic> seeds, int[] items)
    {
        double sum = 0;
        foreach (var s in seeds) sum += s.Evaluate(items);
        return sum / seeds.Count;
    }

    /// <summary>Mean over the drawn seeds, evaluating each distinct drawn seed once on this resample's items.</summary>
    private static double DrawnMean(IReadOnlyList<IResampleStatistic> seeds, int[] draw, double[] value, int[] items)
    {
        Array.Fill(value, double.NaN);
        double sum = 0;
        foreach (int s in draw)
        {
            if (double.IsNaN(value[s])) value[s] = seeds[s].Evaluate(items);
            sum += value[s];
        }
        return sum / draw.Length;
    }
}

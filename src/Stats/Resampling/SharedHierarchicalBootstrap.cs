namespace Ablation.Stats.Resampling;

/// <summary>
/// <see cref="HierarchicalBootstrap"/> for many designs over the same items at once. Each resample draws every
/// design's seeds with replacement (independently, in group order), then ONE set of items with replacement shared
/// by all designs, and keeps each design's mean over its drawn seeds of the metric on those items. A comparison
/// (a, b) reads its replicate r as mean_a[r] − mean_b[r], a design score as mean_a[r]: one item draw per resample
/// and one evaluation per distinct drawn (design, seed), instead of an item draw and evaluations per comparison.
/// For one comparison the draws are those of <see cref="HierarchicalBootstrap.Run"/> (seeds of A, seeds of B, items,
/// from the same generator), so two groups give its replicates bit for bit. With more groups each comparison's
/// bootstrap distribution is unchanged; comparisons of one draw are positively correlated through the shared draws.
/// </summary>
public sealed class SharedHierarchicalBootstrap
{
    private readonly double[][] _replicates;   // [group][resample]: mean over the drawn seeds on the drawn items
    private readonly double[] _estimates;      // [group]: mean over all seeds on all items
    private readonly BootstrapOptions _options;

    private SharedHierarchicalBootstrap(double[][] replicates, double[] estimates, BootstrapOptions options)
    {
        _replicates = replicates;
        _estimates = estimates;
        _options = options;
    }

    /// <summary>Number of groups (designs).</summary>
    public int Groups => _estimates.Length;

    /// <summary>Number of resamples drawn.</summary>
    public int Resamples => _options.Resamples;

    /// <summary>Group <paramref name="g"/>'s metric on the full sample (mean over its seeds).</summary>
    public double Estimate(int g) => _estimates[g];

    /// <summary>Group <paramref name="g"/>'s replicates, in draw order.</summary>
    public ReadOnlySpan<double> Replicates(int g) => _replicates[g];

    /// <param name="groups">Per group (design), per seed, its metric as a statistic of the item indices; every
    /// statistic covers the same items. Statistics are evaluated from this thread only.</param>
    /// <param name="options">Resamples, level, seed (of the one generator) and alternative for the p-values.</param>
    public static SharedHierarchicalBootstrap Draw(IReadOnlyList<IReadOnlyList<IResampleStatistic>> groups, BootstrapOptions options)
    {
        options.Validate();
        if (groups.Count == 0) throw new ArgumentException("the shared bootstrap needs at least one group");
        if (groups.Any(g => g.Count == 0)) throw new ArgumentException("each group needs at least one seed");
        int n = groups[0][0].ItemCount;
        foreach (var s in groups.SelectMany(g => g))
            if (s.ItemCount != n) throw new ArgumentException($"every seed of every group must cover the same {n} items; one covers {s.ItemCount}");

        var items = new int[n];
        for (int i = 0; i < n; i++) items[i] = i;
        var estimates = new double[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            double sum = 0;
            foreach (var s in groups[g]) sum += s.Evaluate(items);
            estimates[g] = sum / groups[g].Count;
        }

        // Statistics that work from item multiplicities share one count of each resample's items; when every
        // statistic is a mean of per-item values, all of them are summed in one pass over the drawn items.
        var counted = groups.Select(g => g.Select(s => s as ICountedStatistic).ToArray()).ToArray();
        var means = MeanBatch.TryCreate(groups);
        var resample = new ResampleCounts(n);
        var rng = new Xoshiro256StarStar(options.Seed);
        var draws = groups.Select(g => new int[g.Count]).ToArray();
        var values = groups.Select(g => new double[g.Count]).ToArray();
        var replicates = groups.Select(_ => new double[options.Resamples]).ToArray();
        for (int r = 0; r < options.Resamples; r++)
        {
            for (int g = 0; g < draws.Length; g++) rng.FillIndices(draws[g], draws[g].Length);
            rng.FillIndices(items, n);
            bool countsReady = false;
            means?.Evaluate(items);
            for (int g = 0; g < draws.Length; g++)
            {
                // Each distinct drawn seed is evaluated once on this resample's items (as HierarchicalBootstrap does).
                var value = values[g];
                var seeds = groups[g];
                Array.Fill(value, double.NaN);
                double sum = 0;
                foreach (int s in draws[g])
                {
                    if (double.IsNaN(value[s]))
                    {
                        if (means is not null) value[s] = means.Value(g, s);
                        else if (counted[g][s] is { } c)
                        {
                            if (!countsReady) { resample.Set(items); countsReady = true; }
                            value[s] = c.EvaluateCounts(resample);
                        }
                        else value[s] = seeds[s].Evaluate(items);
                    }
                    sum += value[s];
                }
                replicates[g][r] = sum / draws[g].Length;
            }
        }
        return new SharedHierarchicalBootstrap(replicates, estimates, options);
    }

    /// <summary>Group a minus group b: estimate, percentile interval, SE and p-value from the shared replicates.</summary>
    public BootstrapResult Compare(int a, int b)
    {
        var ra = _replicates[a];
        var rb = _replicates[b];
        var difference = new double[ra.Length];
        for (int r = 0; r < difference.Length; r++) difference[r] = ra[r] - rb[r];
        return PairedBootstrap.Summarize(_estimates[a] - _estimates[b], difference, _options, bca: null);
    }

    /// <summary>
    /// Group g's own score with its interval from the first <paramref name="resamples"/> replicates (all when null);
    /// the p-value tests the score against 0.
    /// </summary>
    public BootstrapResult Score(int g, int? resamples = null)
    {
        int count = resamples ?? Resamples;
        if (count < 2 || count > Resamples) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, $"must lie in [2, {Resamples}]");
        return PairedBootstrap.Summarize(_estimates[g], _replicates[g][..count], _options with { Resamples = count }, bca: null);
    }
}

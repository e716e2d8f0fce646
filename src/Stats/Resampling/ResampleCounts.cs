namespace Ablation.Stats.Resampling;

/// <summary>
/// One resample as item multiplicities: <see cref="Counts"/>[i] = times item i was drawn, the distinct drawn items
/// in ascending order (<see cref="Drawn"/>, about 63 % of the items), and a version that changes with every
/// resample. Counted once per resample by the caller and read by every <see cref="ICountedStatistic"/> evaluated on
/// it; work that does not depend on the statistic (the ranks of a column several statistics share, such as STS's
/// gold scores) is cached here per version by <see cref="SharedRanks"/>. Not thread-safe: one instance per thread.
/// </summary>
public sealed class ResampleCounts
{
    private readonly int[] _counts;
    private readonly int[] _drawn;
    private int _drawnCount;
    private readonly List<(double[] Values, SharedRankColumn Ranks)> _shared = [];

    public ResampleCounts(int itemCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        _counts = new int[itemCount];
        _drawn = new int[itemCount];
    }

    /// <summary>Number of items in the original sample.</summary>
    public int ItemCount => _counts.Length;

    /// <summary>Number of draws (the resample's size; the sum of the counts).</summary>
    public int Total { get; private set; }

    /// <summary>Times each item was drawn.</summary>
    public ReadOnlySpan<int> Counts => _counts;

    /// <summary>The items drawn at least once, ascending.</summary>
    public ReadOnlySpan<int> Drawn => _drawn.AsSpan(0, _drawnCount);

    /// <summary>Changes with every <see cref="Set"/>: a statistic's per-resample cache is valid while it is unchanged.</summary>
    public long Version { get; private set; }

    /// <summary>Counts the items of <paramref name="indices"/> (each in [0, ItemCount)).</summary>
    public void Set(ReadOnlySpan<int> indices)
    {
        var counts = _counts;
        Array.Clear(counts);
        foreach (int i in indices) counts[i]++;
        // Branch-free compaction: about a third of the items are not drawn, at random.
        int k = 0;
        var drawn = _drawn;
        for (int i = 0; i < counts.Length; i++)
        {
            drawn[k] = i;
            k += counts[i] != 0 ? 1 : 0;
        }
        _drawnCount = k;
        Total = indices.Length;
        Version++;
    }

    /// <summary>The multiplicity-weighted average ranks of <paramref name="values"/> on this resample, computed once per
    /// resample for all statistics that rank an equal column (equal element by element, as STS's gold scores are in
    /// every cell of a task).</summary>
    internal double[] SharedRanks(double[] values, int[] order, int[] tieEnds)
    {
        SharedRankColumn? column = null;
        foreach (var (v, c) in _shared)
            if (ReferenceEquals(v, values)) { column = c; break; }
        if (column is null)
        {
            // A new array: share the ranks of an equal column met before, else start a new one.
            foreach (var (v, c) in _shared)
                if (v.AsSpan().SequenceEqual(values)) { column = c; break; }
            column ??= new SharedRankColumn(values.Length, order, tieEnds);
            _shared.Add((values, column));
        }
        if (column.Version != Version)
        {
            RankFill.Fill(Counts, column.Order, column.TieEnds, column.Ranks);
            column.Version = Version;
        }
        return column.Ranks;
    }

    private sealed class SharedRankColumn(int n, int[] order, int[] tieEnds)
    {
        public readonly int[] Order = order, TieEnds = tieEnds;
        public readonly double[] Ranks = new double[n];
        public long Version = -1;
    }
}

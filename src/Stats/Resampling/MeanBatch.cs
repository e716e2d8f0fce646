using System.Numerics;

namespace Ablation.Stats.Resampling;

/// <summary>
/// Many mean statistics over the same items evaluated together: the per-item values are stored item-major
/// (one row of all statistics per item), so a resample adds one contiguous row per drawn index with vector
/// adds, instead of one dependent chain of scalar adds per statistic. Each statistic's sum still adds its values
/// in draw order and is divided by the number of draws, so every value equals its own Evaluate bit for bit.
/// </summary>
internal sealed class MeanBatch
{
    private readonly double[] _rows;     // [item * _width + k]
    private readonly double[] _sums;     // [k]
    private readonly int[] _offsets;     // first k of each group
    private readonly int _width;
    private int _draws;

    private MeanBatch(double[] rows, int width, int[] offsets)
    {
        _rows = rows;
        _width = width;
        _offsets = offsets;
        _sums = new double[width];
    }

    /// <summary>A batch over every statistic of <paramref name="groups"/>, or null when one of them is not a mean.</summary>
    public static MeanBatch? TryCreate(IReadOnlyList<IReadOnlyList<IResampleStatistic>> groups)
    {
        var all = groups.SelectMany(g => g).ToList();
        if (all.Count < 2 || all.Any(s => s is not ResampleStatistics.MeanStatistic)) return null;
        int n = all[0].ItemCount, width = all.Count;
        var rows = new double[(long)n * width];
        for (int k = 0; k < width; k++)
        {
            var v = ((ResampleStatistics.MeanStatistic)all[k]).Values;
            for (int i = 0; i < n; i++) rows[(long)i * width + k] = v[i];
        }
        var offsets = new int[groups.Count];
        for (int g = 1; g < groups.Count; g++) offsets[g] = offsets[g - 1] + groups[g - 1].Count;
        return new MeanBatch(rows, width, offsets);
    }

    /// <summary>Sums every statistic's values over <paramref name="indices"/>, in their order.</summary>
    public void Evaluate(ReadOnlySpan<int> indices)
    {
        var sums = _sums.AsSpan();
        sums.Clear();
        int width = _width, vectorEnd = Vector.IsHardwareAccelerated ? width - width % Vector<double>.Count : 0;
        var rows = _rows.AsSpan();
        foreach (int i in indices)
        {
            var row = rows.Slice(i * width, width);
            int k = 0;
            for (; k < vectorEnd; k += Vector<double>.Count)
                (new Vector<double>(sums[k..]) + new Vector<double>(row[k..])).CopyTo(sums[k..]);
            for (; k < width; k++) sums[k] += row[k];
        }
        _draws = indices.Length;
    }

    /// <summary>The mean of statistic <paramref name="s"/> of group <paramref name="g"/> on the last evaluated indices.</summary>
    public double Value(int g, int s) => _sums[_offsets[g] + s] / _draws;
}

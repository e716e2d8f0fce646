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
    /// <summary>Largest batch (values copied item-major): 128 MB.</summary>
    private const long MaxValues = 1L << 24;

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
        if ((long)n * width > MaxValues) return null;   // a copy of every value: beyond this, one pass per statistic
        var rows = new double[n * width];
        for (int k = 0; k < width; k++)
        {
            var v = ((ResampleStatistics.MeanStatistic)all[k]).Values;
            for (int i = 0; i < n; i++) rows[(long)i * width + k] = v[i];
        }
        var offsets = new int[groups.Count];
        for (int g = 1; g < groups.Count; g++) offsets[g] = offsets[g - 1] + groups[g - 1].Count;
        return new MeanBatch(rows, width, offsets);
    }

    /// <summary>
    /// Sums every statistic's values over <paramref name="indices"/>, in their order. Statistics are taken in blocks of
    /// four vectors whose sums stay in registers for the whole pass over the indices (independent chains: the adds
    /// overlap instead of waiting on each other or on memory).
    /// </summary>
    public void Evaluate(ReadOnlySpan<int> indices)
    {
        int width = _width, lanes = Vector<double>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? width - width % lanes : 0;
        var rows = _rows.AsSpan();
        var sums = _sums.AsSpan();
        int k = 0;
        for (; k + 4 * lanes <= vectorEnd; k += 4 * lanes)
        {
            Vector<double> s0 = default, s1 = default, s2 = default, s3 = default;
            foreach (int i in indices)
            {
                var row = rows.Slice(i * width + k, 4 * lanes);
                s0 += new Vector<double>(row);
                s1 += new Vector<double>(row[lanes..]);
                s2 += new Vector<double>(row[(2 * lanes)..]);
                s3 += new Vector<double>(row[(3 * lanes)..]);
            }
            s0.CopyTo(sums[k..]);
            s1.CopyTo(sums[(k + lanes)..]);
            s2.CopyTo(sums[(k + 2 * lanes)..]);
            s3.CopyTo(sums[(k + 3 * lanes)..]);
        }
        for (; k < vectorEnd; k += lanes)
        {
            Vector<double> s0 = default;
            foreach (int i in indices) s0 += new Vector<double>(rows.Slice(i * width + k, lanes));
            s0.CopyTo(sums[k..]);
        }
        for (; k < width; k++)
        {
            double sum = 0;
            foreach (int i in indices) sum += rows[i * width + k];
            sums[k] = sum;
        }
        _draws = indices.Length;
    }

    /// <summary>The mean of statistic <paramref name="s"/> of group <paramref name="g"/> on the last evaluated indices.</summary>
    public double Value(int g, int s) => _sums[_offsets[g] + s] / _draws;
}

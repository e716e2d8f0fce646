namespace Ablation.Stats.Resampling;

/// <summary>Ready-made <see cref="IResampleStatistic"/>s.</summary>
public static class ResampleStatistics
{
    /// <summary>The mean of per-item values (for a paired comparison: of the per-item differences).</summary>
    public static IResampleStatistic Mean(double[] values) => new MeanStatistic(values);

    /// <summary>mean(a) − mean(b) over the same resampled items.</summary>
    public static IResampleStatistic MeanDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => new MeanStatistic(Differences.Of(a, b));

    /// <summary>Spearman's rho of (x, y) pairs; O(n) per resample (ranks from counts over a presorted order).</summary>
    public static IResampleStatistic Spearman(double[] x, double[] y) => new SpearmanStatistic(x, y);

    /// <summary>statistic(a) − statistic(b) on the same resampled items: the paired comparison of two models.</summary>
    public static IResampleStatistic Difference(IResampleStatistic a, IResampleStatistic b) => new DifferenceStatistic(a, b);

    /// <summary>Any statistic given as a delegate over the resampled indices.</summary>
    public static IResampleStatistic FromDelegate(int itemCount, IndexStatistic statistic) => new DelegateStatistic(itemCount, statistic);

    private sealed class DelegateStatistic(int itemCount, IndexStatistic statistic) : IResampleStatistic
    {
        public int ItemCount => itemCount;
        public double Evaluate(ReadOnlySpan<int> indices) => statistic(indices);
    }

    private sealed class DifferenceStatistic : IResampleStatistic, IJackknifeShortcut
    {
        private readonly IResampleStatistic _a, _b;
        private double[]? _scratch;

        public DifferenceStatistic(IResampleStatistic a, IResampleStatistic b)
        {
            if (a.ItemCount != b.ItemCount)
                throw new ArgumentException($"paired statistics must cover the same items; got {a.ItemCount} and {b.ItemCount}");
            _a = a; _b = b;
        }

        public int ItemCount => _a.ItemCount;
        public double Evaluate(ReadOnlySpan<int> indices) => _a.Evaluate(indices) - _b.Evaluate(indices);

        public void LeaveOneOut(Span<double> output)
        {
            if (_a is not IJackknifeShortcut ja || _b is not IJackknifeShortcut jb)
            {
                Jackknife.Generic(this, output);
                return;
            }
            _scratch ??= new double[ItemCount];
            ja.LeaveOneOut(output);
            jb.LeaveOneOut(_scratch);
            for (int i = 0; i < output.Length; i++) output[i] -= _scratch[i];
        }
    }

    internal sealed class MeanStatistic(double[] values) : IResampleStatistic, IJackknifeShortcut
    {
        public int ItemCount => values.Length;

        /// <summary>The per-item values (read by <see cref="MeanBatch"/>).</summary>
        internal double[] Values => values;

        public double Evaluate(ReadOnlySpan<int> indices)
        {
            double sum = 0;
            var v = values;
            foreach (int i in indices) sum += v[i];
            return sum / indices.Length;
        }

        public void LeaveOneOut(Span<double> output)
        {
            double total = 0;
            foreach (var v in values) total += v;
            for (int i = 0; i < values.Length; i++) output[i] = (total - values[i]) / (values.Length - 1);
        }
    }

    /// <summary>
    /// Spearman over a resample: the multiplicity of each original item is counted, then average ranks are read off
    /// the presorted orders of x and y (tied values and repeated items share their average rank), and Pearson's r
    /// of the ranks is taken with the multiplicities as weights. Equals spearmanr on the materialised resample.
    /// The ranks of y come from the resample's <see cref="ResampleCounts.SharedRanks"/>, so statistics that share
    /// their y column (STS's gold scores, in every cell of a task) rank it once per resample; the weighted sums run
    /// over the drawn items only (an undrawn item adds 0 · … = +0, which leaves a sum unchanged bit for bit).
    /// </summary>
    private sealed class SpearmanStatistic : IResampleStatistic, ICountedStatistic
    {
        private readonly double[] _x, _y;
        private readonly int[] _orderX, _orderY;
        private readonly int[] _endsX, _endsY;   // tie groups of each presorted order (exclusive ends)
        private readonly double[] _rankX;
        private ResampleCounts? _own;            // for Evaluate(indices)

        public SpearmanStatistic(double[] x, double[] y)
        {
            if (x.Length != y.Length) throw new ArgumentException($"paired samples must have the same length; got {x.Length} and {y.Length}");
            _x = x; _y = y;
            _orderX = SortedOrder(x);
            _orderY = SortedOrder(y);
            _endsX = TieGroupEnds(x, _orderX);
            _endsY = TieGroupEnds(y, _orderY);
            _rankX = new double[x.Length];
        }

        public int ItemCount => _x.Length;

        public double Evaluate(ReadOnlySpan<int> indices)
        {
            _own ??= new ResampleCounts(_x.Length);
            _own.Set(indices);
            return EvaluateCounts(_own);
        }

        public double EvaluateCounts(ResampleCounts resample)
        {
            var counts = resample.Counts;
            RankFill.Fill(counts, _orderX, _endsX, _rankX);
            var rankY = resample.SharedRanks(_y, _orderY, _endsY);
            double mean = (resample.Total + 1) / 2.0;
            double sxy = 0, sxx = 0, syy = 0;
            var rankX = _rankX;
            foreach (int i in resample.Drawn)
            {
                int c = counts[i];
                double dx = rankX[i] - mean, dy = rankY[i] - mean;
                sxy += c * dx * dy; sxx += c * dx * dx; syy += c * dy * dy;
            }
            if (sxx == 0 || syy == 0) return double.NaN;
            return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
        }

        private static int[] TieGroupEnds(double[] values, int[] order)
        {
            var ends = new List<int>();
            for (int j = 1; j <= order.Length; j++)
                if (j == order.Length || values[order[j]] != values[order[j - 1]]) ends.Add(j);
            return ends.ToArray();
        }

        private static int[] SortedOrder(double[] values)
        {
            var order = Enumerable.Range(0, values.Length).ToArray();
            var keys = (double[])values.Clone();
            for (int i = 0; i < keys.Length; i++)
                if (double.IsNaN(keys[i])) throw new ArgumentException($"value at index {i} is NaN; ranks need comparable numbers");
            Array.Sort(keys, order);
            return order;
        }
    }
}

using Ablation.Stats.Resampling;

namespace Ablation.Harness.Reporting;

/// <summary>
/// Resampling statistics for non-decomposable metrics that work from the multiplicity of each item in the resample
/// (O(n) per evaluation over orders sorted once) instead of materialising and re-sorting the resample. Each equals
/// the evaluator's metric on the materialised resample (checked in the tests against AveragePrecision and
/// ClusteringScores). Not thread-safe: one instance per thread.
/// </summary>
public static class CountedStatistics
{
    /// <summary>
    /// scikit-learn's average precision (ties at one threshold form one step) of <paramref name="scores"/> for
    /// binary <paramref name="positive"/>, as the maximum over several score columns (pair classification's max_ap).
    /// </summary>
    public static IResampleStatistic MaxAveragePrecision(double[][] scores, bool[] positive) => new MaxApStatistic(scores, positive);

    /// <summary>V-measure (β = 1, natural logarithms) of dense label codes <paramref name="truth"/> against <paramref name="clusters"/>.</summary>
    public static IResampleStatistic VMeasure(int[] truth, int[] clusters) => new VMeasureStatistic(truth, clusters);

    /// <summary>V-measure of a contingency table given as counts[r, c] with its row and column sums.</summary>
    public static double VMeasureFromCounts(long[,] table, long[] rows, long[] columns, long n) =>
        VMeasureFromCounts(table, rows, columns, n, k => Math.Log(k));

    /// <summary>The same with the natural logarithm given (a table of log k for the counts that occur).</summary>
    private static double VMeasureFromCounts(long[,] table, long[] rows, long[] columns, long n, Func<long, double> log)
    {
        double logN = log(n);
        double hTruth = Entropy(rows, n, logN, log), hPred = Entropy(columns, n, logN, log), mi = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            if (rows[r] == 0) continue;
            double logRow = log(rows[r]);
            for (int c = 0; c < columns.Length; c++)
            {
                long v = table[r, c];
                if (v == 0) continue;
                mi += (double)v / n * (log(v) + logN - logRow - log(columns[c]));
            }
        }
        double homogeneity = hTruth == 0 ? 1.0 : mi / hTruth;
        double completeness = hPred == 0 ? 1.0 : mi / hPred;
        return homogeneity + completeness == 0 ? 0.0 : 2 * homogeneity * completeness / (homogeneity + completeness);
    }

    private static double Entropy(long[] sums, long n, double logN, Func<long, double> log)
    {
        double h = 0;
        foreach (long s in sums)
            if (s > 0) h -= (double)s / n * (log(s) - logN);
        return h;
    }

    /// <summary>
    /// Per column the items are sorted once by descending score and split into tie groups (one threshold each). With
    /// Δtp the drawn positives of a group and tp, fp the running totals, AP = Σ Δtp · tp/(tp + fp) / P: a group
    /// with no drawn positive adds 0, so the loop needs no data-dependent branch (a third of the items are not
    /// drawn in a resample, and branching on that mispredicts).
    /// </summary>
    private sealed class MaxApStatistic : IResampleStatistic, ICountedStatistic
    {
        private readonly bool[] _positive;
        private readonly long[] _positiveBits;  // 1 for a positive item, else 0
        private readonly int[][] _items;       // per column: items by descending score
        private readonly long[][] _isPositive; // per column, in that order: 1 for a positive item, else 0
        private readonly int[][] _groupEnds;   // per column: end (exclusive) of each tie group in that order
        private readonly int[] _counts;

        public MaxApStatistic(double[][] scores, bool[] positive)
        {
            _positive = positive;
            _positiveBits = positive.Select(p => p ? 1L : 0L).ToArray();
            _counts = new int[positive.Length];
            _items = new int[scores.Length][];
            _isPositive = new long[scores.Length][];
            _groupEnds = new int[scores.Length][];
            for (int k = 0; k < scores.Length; k++)
            {
                var column = scores[k];
                if (column.Length != positive.Length) throw new ArgumentException($"score column {k} has {column.Length} values for {positive.Length} labels");
                foreach (var v in column) if (double.IsNaN(v)) throw new ArgumentException("a score is NaN; average precision needs comparable scores");
                var order = Enumerable.Range(0, column.Length).ToArray();
                var keys = column.Select(v => -v).ToArray();
                Array.Sort(keys, order);
                _items[k] = order;
                _isPositive[k] = order.Select(i => positive[i] ? 1L : 0L).ToArray();
                var ends = new List<int>();
                for (int j = 1; j <= order.Length; j++)
                    if (j == order.Length || column[order[j]] != column[order[j - 1]]) ends.Add(j);
                _groupEnds[k] = ends.ToArray();
            }
        }

        public int ItemCount => _positive.Length;

        public double Evaluate(ReadOnlySpan<int> indices)
        {
            Array.Clear(_counts);
            long totalPositive = 0;
            var counts = _counts;
            var positive = _positiveBits;
            foreach (int i in indices)
            {
                counts[i]++;
                totalPositive += positive[i];
            }
            return FromCounts(totalPositive);
        }

        public double EvaluateCounts(ReadOnlySpan<int> counts, int total)
        {
            counts.CopyTo(_counts);
            long totalPositive = 0;
            var positive = _positiveBits;
            for (int i = 0; i < counts.Length; i++) totalPositive += counts[i] * positive[i];
            return FromCounts(totalPositive);
        }

        private double FromCounts(long totalPositive)
        {
            if (totalPositive == 0) return double.NaN;
            double best = double.NegativeInfinity;
            for (int k = 0; k < _items.Length; k++) best = Math.Max(best, Ap(_items[k], _isPositive[k], _groupEnds[k], totalPositive));
            return best;
        }

        private double Ap(int[] items, long[] isPositive, int[] groupEnds, long totalPositive)
        {
            var counts = _counts;
            double sum = 0;
            long tp = 0, drawn = 0;
            if (groupEnds.Length == items.Length)
            {
                // No ties (the usual case for similarity scores): every item is its own group.
                for (int i = 0; i < items.Length; i++)
                {
                    long c = counts[items[i]], p = c * isPositive[i];
                    tp += p;
                    drawn += c;
                    sum += p * ((double)tp / Math.Max(drawn, 1));
                }
                return sum / totalPositive;
            }
            int j = 0;
            foreach (int end in groupEnds)
            {
                long groupPositive = 0, groupDrawn = 0;
                for (; j < end; j++)
                {
                    long c = counts[items[j]];
                    groupPositive += c * isPositive[j];
                    groupDrawn += c;
                }
                tp += groupPositive;
                drawn += groupDrawn;
                sum += groupPositive * ((double)tp / Math.Max(drawn, 1));
            }
            return sum / totalPositive;
        }
    }

    private sealed class VMeasureStatistic : IResampleStatistic
    {
        private readonly int[] _truth, _clusters;
        private readonly long[,] _table;
        private readonly long[] _rows, _columns;
        private readonly Func<long, double> _log;

        public VMeasureStatistic(int[] truth, int[] clusters)
        {
            if (truth.Length != clusters.Length) throw new ArgumentException($"label arrays differ in length: {truth.Length} vs {clusters.Length}");
            _truth = truth;
            _clusters = clusters;
            _rows = new long[truth.Length == 0 ? 0 : truth.Max() + 1];
            _columns = new long[clusters.Length == 0 ? 0 : clusters.Max() + 1];
            _table = new long[_rows.Length, _columns.Length];
            // Counts never exceed n: log k from a table instead of a Math.Log per cell (the same values).
            var logs = new double[truth.Length + 1];
            for (int k = 1; k < logs.Length; k++) logs[k] = Math.Log(k);
            _log = k => k < logs.Length ? logs[k] : Math.Log(k);
        }

        public int ItemCount => _truth.Length;

        public double Evaluate(ReadOnlySpan<int> indices)
        {
            Array.Clear(_table);
            Array.Clear(_rows);
            Array.Clear(_columns);
            foreach (int i in indices)
            {
                _table[_truth[i], _clusters[i]]++;
                _rows[_truth[i]]++;
                _columns[_clusters[i]]++;
            }
            return VMeasureFromCounts(_table, _rows, _columns, indices.Length, _log);
        }
    }
}

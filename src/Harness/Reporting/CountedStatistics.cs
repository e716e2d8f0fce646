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
    public static double VMeasureFromCounts(long[,] table, long[] rows, long[] columns, long n)
    {
        double hTruth = Entropy(rows, n), hPred = Entropy(columns, n), mi = 0;
        for (int r = 0; r < rows.Length; r++)
            for (int c = 0; c < columns.Length; c++)
            {
                long v = table[r, c];
                if (v == 0) continue;
                mi += (double)v / n * (Math.Log(v) + Math.Log(n) - Math.Log(rows[r]) - Math.Log(columns[c]));
            }
        double homogeneity = hTruth == 0 ? 1.0 : mi / hTruth;
        double completeness = hPred == 0 ? 1.0 : mi / hPred;
        return homogeneity + completeness == 0 ? 0.0 : 2 * homogeneity * completeness / (homogeneity + completeness);
    }

    private static double Entropy(long[] sums, long n)
    {
        double h = 0;
        foreach (long s in sums)
            if (s > 0) h -= (double)s / n * (Math.Log(s) - Math.Log(n));
        return h;
    }

    private sealed class MaxApStatistic : IResampleStatistic
    {
        private readonly double[][] _scores;
        private readonly bool[] _positive;
        private readonly int[][] _orders;   // per column: items by descending score
        private readonly int[] _counts;

        public MaxApStatistic(double[][] scores, bool[] positive)
        {
            _scores = scores;
            _positive = positive;
            _counts = new int[positive.Length];
            _orders = scores.Select(column =>
            {
                foreach (var v in column) if (double.IsNaN(v)) throw new ArgumentException("a score is NaN; average precision needs comparable scores");
                var order = Enumerable.Range(0, column.Length).ToArray();
                var keys = column.Select(v => -v).ToArray();
                Array.Sort(keys, order);
                return order;
            }).ToArray();
        }

        public int ItemCount => _positive.Length;

        public double Evaluate(ReadOnlySpan<int> indices)
        {
            Array.Clear(_counts);
            long totalPositive = 0;
            foreach (int i in indices)
            {
                _counts[i]++;
                if (_positive[i]) totalPositive++;
            }
            if (totalPositive == 0) return double.NaN;
            double best = double.NegativeInfinity;
            for (int k = 0; k < _scores.Length; k++) best = Math.Max(best, Ap(_scores[k], _orders[k], totalPositive));
            return best;
        }

        private double Ap(double[] score, int[] order, long totalPositive)
        {
            double ap = 0, previousRecall = 0;
            long tp = 0, fp = 0;
            int start = 0, n = order.Length;
            while (start < n)
            {
                double threshold = score[order[start]];
                int end = start;
                bool any = false;
                while (end < n && score[order[end]] == threshold)
                {
                    int item = order[end];
                    int c = _counts[item];
                    if (c > 0) { any = true; if (_positive[item]) tp += c; else fp += c; }
                    end++;
                }
                if (any)
                {
                    double recall = (double)tp / totalPositive;
                    ap += (recall - previousRecall) * ((double)tp / (tp + fp));
                    previousRecall = recall;
                }
                start = end;
            }
            return ap;
        }
    }

    private sealed class VMeasureStatistic : IResampleStatistic
    {
        private readonly int[] _truth, _clusters;
        private readonly long[,] _table;
        private readonly long[] _rows, _columns;

        public VMeasureStatistic(int[] truth, int[] clusters)
        {
            if (truth.Length != clusters.Length) throw new ArgumentException($"label arrays differ in length: {truth.Length} vs {clusters.Length}");
            _truth = truth;
            _clusters = clusters;
            _rows = new long[truth.Length == 0 ? 0 : truth.Max() + 1];
            _columns = new long[clusters.Length == 0 ? 0 : clusters.Max() + 1];
            _table = new long[_rows.Length, _columns.Length];
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
            return VMeasureFromCounts(_table, _rows, _columns, indices.Length);
        }
    }
}

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
        Func<long, double> log = k => Math.Log(k);
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
    /// Δtp the drawn positives of a group and tp, fp the running totals, AP = Σ Δtp · tp/(tp + fp) / P. A group with
    /// no drawn positive adds +0, which leaves the sum unchanged, so one pass keeps the running totals and collects
    /// (Δtp, tp, drawn) of the groups that add something (branch-free: which do is random), and a second pass sums
    /// only those — the same additions in the same order. Columns that split the items into the same groups in
    /// the same order (dot = cosine for normalised embeddings; a distance monotone in the cosine) have the same
    /// AP, so each such ranking is evaluated once.
    /// </summary>
    private sealed class MaxApStatistic : IResampleStatistic, ICountedStatistic
    {
        private readonly bool[] _positive;
        private readonly long[] _positiveBits;  // 1 for a positive item, else 0
        private readonly int[][] _items;       // per distinct ranking: items by descending score
        private readonly long[][] _isPositive; // per distinct ranking, in that order: 1 for a positive item, else 0
        private readonly int[][] _groupEnds;   // per distinct ranking: end (exclusive) of each tie group in that order
        private readonly long[] _termPositive, _termTp, _termDrawn;  // the groups of one pass that add to the sum
        private ResampleCounts? _own;          // for Evaluate(indices)

        public MaxApStatistic(double[][] scores, bool[] positive)
        {
            _positive = positive;
            _positiveBits = positive.Select(p => p ? 1L : 0L).ToArray();
            var items = new List<int[]>();
            var groupEnds = new List<int[]>();
            var groupOf = new List<int[]>();
            for (int k = 0; k < scores.Length; k++)
            {
                var column = scores[k];
                if (column.Length != positive.Length) throw new ArgumentException($"score column {k} has {column.Length} values for {positive.Length} labels");
                foreach (var v in column) if (double.IsNaN(v)) throw new ArgumentException("a score is NaN; average precision needs comparable scores");
                var order = Enumerable.Range(0, column.Length).ToArray();
                var keys = column.Select(v => -v).ToArray();
                Array.Sort(keys, order);
                var ends = new List<int>();
                var group = new int[order.Length];
                for (int j = 1; j <= order.Length; j++)
                {
                    group[order[j - 1]] = ends.Count;
                    if (j == order.Length || column[order[j]] != column[order[j - 1]]) ends.Add(j);
                }
                // The same groups in the same order as an earlier column: the same AP on every resample.
                if (groupOf.Any(g => g.AsSpan().SequenceEqual(group))) continue;
                items.Add(order);
                groupEnds.Add(ends.ToArray());
                groupOf.Add(group);
            }
            _items = items.ToArray();
            _groupEnds = groupEnds.ToArray();
            _isPositive = _items.Select(order => order.Select(i => positive[i] ? 1L : 0L).ToArray()).ToArray();
            _termPositive = new long[positive.Length];
            _termTp = new long[positive.Length];
            _termDrawn = new long[positive.Length];
        }

        public int ItemCount => _positive.Length;

        public double Evaluate(ReadOnlySpan<int> indices)
        {
            _own ??= new ResampleCounts(_positive.Length);
            _own.Set(indices);
            return EvaluateCounts(_own);
        }

        public double EvaluateCounts(ResampleCounts resample)
        {
            var counts = resample.Counts;
            long totalPositive = 0;
            var positive = _positiveBits;
            foreach (int i in resample.Drawn) totalPositive += counts[i] * positive[i];
            if (totalPositive == 0) return double.NaN;
            double best = double.NegativeInfinity;
            for (int k = 0; k < _items.Length; k++) best = Math.Max(best, Ap(counts, _items[k], _isPositive[k], _groupEnds[k], totalPositive));
            return best;
        }

        private double Ap(ReadOnlySpan<int> counts, int[] items, long[] isPositive, int[] groupEnds, long totalPositive)
        {
            var termPositive = _termPositive;
            var termTp = _termTp;
            var termDrawn = _termDrawn;
            long tp = 0, drawn = 0;
            int terms = 0;
            if (groupEnds.Length == items.Length)
            {
                // No ties (the usual case for similarity scores): every item is its own group.
                for (int i = 0; i < items.Length; i++)
                {
                    long c = counts[items[i]], p = c * isPositive[i];
                    tp += p;
                    drawn += c;
                    termPositive[terms] = p; termTp[terms] = tp; termDrawn[terms] = drawn;
                    terms += p != 0 ? 1 : 0;
                }
            }
            else
            {
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
                    termPositive[terms] = groupPositive; termTp[terms] = tp; termDrawn[terms] = drawn;
                    terms += groupPositive != 0 ? 1 : 0;
                }
            }
            double sum = 0;
            for (int t = 0; t < terms; t++) sum += termPositive[t] * ((double)termTp[t] / Math.Max(termDrawn[t], 1));
            return sum / totalPositive;
        }
    }

    /// <summary>
    /// The contingency table of a resample from the drawn items' multiplicities, flat, with log k read from a table
    /// (the same values as Math.Log). Counts are integers, so the order of the additions does not matter: each drawn
    /// item adds to one of two tables (alternately, so that consecutive items hitting the same cell do not wait on
    /// each other), and the margins are summed from the table instead of counted per item.
    /// </summary>
    private sealed class VMeasureStatistic : IResampleStatistic, ICountedStatistic
    {
        private readonly int[] _truth;
        private readonly int[] _cell;            // per item: truth · columns + cluster
        private readonly long[] _table, _table2;
        private readonly long[] _rows, _columns;
        private readonly double[] _logs;         // log k for k = 1..n (log 0 is never taken; the slot holds 0)
        private ResampleCounts? _own;

        public VMeasureStatistic(int[] truth, int[] clusters)
        {
            if (truth.Length != clusters.Length) throw new ArgumentException($"label arrays differ in length: {truth.Length} vs {clusters.Length}");
            _truth = truth;
            _rows = new long[truth.Length == 0 ? 0 : truth.Max() + 1];
            _columns = new long[clusters.Length == 0 ? 0 : clusters.Max() + 1];
            _table = new long[_rows.Length * _columns.Length];
            _table2 = new long[_table.Length];
            _cell = truth.Select((t, i) => t * _columns.Length + clusters[i]).ToArray();
            _logs = new double[truth.Length + 1];
            for (int k = 1; k < _logs.Length; k++) _logs[k] = Math.Log(k);
        }

        public int ItemCount => _truth.Length;

        public double Evaluate(ReadOnlySpan<int> indices)
        {
            _own ??= new ResampleCounts(_truth.Length);
            _own.Set(indices);
            return EvaluateCounts(_own);
        }

        public double EvaluateCounts(ResampleCounts resample)
        {
            var counts = resample.Counts;
            var drawn = resample.Drawn;
            var table = _table;
            var table2 = _table2;
            var cell = _cell;
            Array.Clear(table);
            Array.Clear(table2);
            int j = 0;
            for (; j + 1 < drawn.Length; j += 2)
            {
                int a = drawn[j], b = drawn[j + 1];
                table[cell[a]] += counts[a];
                table2[cell[b]] += counts[b];
            }
            if (j < drawn.Length) table[cell[drawn[j]]] += counts[drawn[j]];
            int width = _columns.Length;
            Array.Clear(_rows);
            Array.Clear(_columns);
            for (int r = 0; r < _rows.Length; r++)
                for (int c = 0; c < width; c++)
                {
                    long v = table[r * width + c] += table2[r * width + c];
                    _rows[r] += v;
                    _columns[c] += v;
                }
            return FromTable(resample.Total);
        }

        // VMeasureFromCounts's arithmetic, term for term, over the flat table.
        private double FromTable(long n)
        {
            double logN = Log(n);
            double hTruth = Entropy(_rows, n, logN), hPred = Entropy(_columns, n, logN), mi = 0;
            int width = _columns.Length;
            for (int r = 0; r < _rows.Length; r++)
            {
                if (_rows[r] == 0) continue;
                double logRow = Log(_rows[r]);
                for (int c = 0; c < width; c++)
                {
                    long v = _table[r * width + c];
                    if (v == 0) continue;
                    mi += (double)v / n * (Log(v) + logN - logRow - Log(_columns[c]));
                }
            }
            double homogeneity = hTruth == 0 ? 1.0 : mi / hTruth;
            double completeness = hPred == 0 ? 1.0 : mi / hPred;
            return homogeneity + completeness == 0 ? 0.0 : 2 * homogeneity * completeness / (homogeneity + completeness);
        }

        // Counts exceed n only when more indices than items are drawn.
        private double Log(long k) => k < _logs.Length ? _logs[k] : Math.Log(k);

        private double Entropy(long[] sums, long n, double logN)
        {
            double h = 0;
            foreach (long s in sums)
                if (s > 0) h -= (double)s / n * (Log(s) - logN);
            return h;
        }
    }
}

using Ablation.Harness.Evaluation.Metrics;
using Ablation.Stats;
using Ablation.Stats.Resampling;

namespace Ablation.Harness.Reporting;

/// <summary>
/// One cell's main score on one task, computed from its per-item scores file over the task's shared items: the
/// value on all items, a fresh resampling statistic (a function of item indices, so the bootstrap can recompute
/// non-decomposable metrics such as Spearman, AP and V-measure), and the per-item values when the main score is a
/// mean of a per-item column.
/// </summary>
public sealed class CellMetric
{
    private readonly Func<IResampleStatistic> _factory;

    private CellMetric(double value, double[]? perItem, Func<IResampleStatistic> factory)
    {
        Value = value;
        PerItem = perItem;
        _factory = factory;
    }

    /// <summary>The main score on all shared items.</summary>
    public double Value { get; }

    /// <summary>Per-item values whose mean is the main score (decomposable metrics only).</summary>
    public double[]? PerItem { get; }

    /// <summary>A new statistic instance (statistics keep scratch buffers, so each thread needs its own).</summary>
    public IResampleStatistic NewStatistic() => _factory();

    /// <summary>True when the main score of this task type can be recomputed from its scores file.</summary>
    public static bool Supports(TaskInfo task) => task.Decomposable || Recomputed(task) is not null;

    /// <summary>Builds the metric from <paramref name="table"/> restricted to <paramref name="rows"/> (the shared items, in order).</summary>
    public static CellMetric Create(TaskInfo task, ItemTable table, IReadOnlyList<int> rows)
    {
        if (task.Decomposable)
        {
            var values = table.Numbers(task.MainScore, rows);
            for (int i = 0; i < values.Length; i++)
                if (double.IsNaN(values[i]))
                    throw new UserInputException($"{table.Path} line {rows[i] + 2}: column '{task.MainScore}' is empty; per-item scores of a decomposable metric must be numbers");
            return new CellMetric(Summary.Mean(values), values, () => ResampleStatistics.Mean(values));
        }
        var build = Recomputed(task) ?? throw new InvalidOperationException($"main score {task.MainScore} of {task.Type} cannot be recomputed");
        var (value, factory) = build(table, rows);
        return new CellMetric(value, null, factory);
    }

    private delegate (double Value, Func<IResampleStatistic> Factory) Builder(ItemTable table, IReadOnlyList<int> rows);

    /// <summary>How each non-decomposable main score is recomputed from the columns the evaluators write.</summary>
    private static Builder? Recomputed(TaskInfo task) => (task.Type, task.MainScore) switch
    {
        ("sts", "cosine_spearman" or "spearman") => Spearman("cosine"),
        ("sts", "manhattan_spearman") => Spearman("manhattan"),
        ("sts", "euclidean_spearman") => Spearman("euclidean"),
        ("sts", "cosine_pearson" or "pearson") => Pearson("cosine"),
        ("pair_classification", "max_ap") => MaxAp(["cosine", "dot", "euclidean", "manhattan"]),
        ("pair_classification", "cosine_ap") => MaxAp(["cosine"]),
        ("clustering", "v_measure") => VMeasure(),
        ("clustering", "ami") => Clustering((t, c) => ClusteringScores.AdjustedMutualInformation(t, c)),
        _ => null,
    };

    private static Builder Spearman(string column) => (table, rows) =>
    {
        var x = table.Numbers(column, rows);
        var gold = table.Numbers("gold", rows);
        return (Correlation.Spearman(x, gold), () => ResampleStatistics.Spearman(x, gold));
    };

    private static Builder Pearson(string column) => (table, rows) =>
    {
        var x = table.Numbers(column, rows);
        var gold = table.Numbers("gold", rows);
        return (Correlation.Pearson(x, gold), () => Gathered(x.Length, [x, gold], v => Correlation.Pearson(v[0], v[1])));
    };

    // Distances (lower = more similar) are negated, as the evaluator does before computing AP.
    private static Builder MaxAp(string[] kinds) => (table, rows) =>
    {
        var labels = table.Numbers("label", rows).Select(v => v == 1).ToArray();
        var scores = kinds.Select(k => k is "euclidean" or "manhattan"
            ? table.Numbers(k, rows).Select(v => -v).ToArray() : table.Numbers(k, rows)).ToArray();
        return (scores.Max(x => AveragePrecision.Compute(x, labels)), () => CountedStatistics.MaxAveragePrecision(scores, labels));
    };

    private static Builder VMeasure() => (table, rows) =>
    {
        var truth = table.Codes("label", rows);
        var clusters = table.Codes("cluster", rows);
        return (ClusteringScores.VMeasure(truth, clusters), () => CountedStatistics.VMeasure(truth, clusters));
    };

    private static Builder Clustering(Func<int[], int[], double> score) => (table, rows) =>
    {
        var truth = table.Codes("label", rows);
        var clusters = table.Codes("cluster", rows);
        return (score(truth, clusters), () =>
        {
            var t = new int[truth.Length];
            var c = new int[truth.Length];
            return ResampleStatistics.FromDelegate(truth.Length, indices =>
            {
                for (int i = 0; i < indices.Length; i++) { t[i] = truth[indices[i]]; c[i] = clusters[indices[i]]; }
                return score(t, c);
            });
        });
    };

    /// <summary>A statistic that copies the resampled rows of each column into reused buffers, then applies <paramref name="metric"/>.</summary>
    private static IResampleStatistic Gathered(int n, double[][] columns, Func<double[][], double> metric)
    {
        var buffers = columns.Select(_ => new double[n]).ToArray();
        return ResampleStatistics.FromDelegate(n, indices =>
        {
            for (int c = 0; c < columns.Length; c++)
                for (int i = 0; i < indices.Length; i++) buffers[c][i] = columns[c][indices[i]];
            return metric(buffers);
        });
    }
}

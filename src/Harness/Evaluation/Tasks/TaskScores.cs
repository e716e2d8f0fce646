using Ablation.Harness.Evaluation.Metrics;

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>
/// The aggregate scores the evaluator of each task type reports (MTEB's keys, in report order), so a manifest's
/// <c>main_score</c> is checked when the task is loaded instead of after it was evaluated. A test runs every
/// evaluator and checks that it reports exactly this list, so the two cannot drift apart.
/// </summary>
public static class TaskScores
{
    public static IReadOnlyList<string> Sts { get; } =
        ["cosine_spearman", "cosine_pearson", "manhattan_spearman", "manhattan_pearson", "euclidean_spearman", "euclidean_pearson", "spearman", "pearson"];

    /// <summary>The similarity functions pair classification sweeps, in report order.</summary>
    public static IReadOnlyList<string> PairSimilarities { get; } = ["cosine", "dot", "euclidean", "manhattan"];

    /// <summary>Per similarity function: accuracy, F1, precision, recall and AP at the best thresholds.</summary>
    public static IReadOnlyList<string> PairMeasures { get; } = ["accuracy", "accuracy_threshold", "f1", "f1_threshold", "precision", "recall", "ap"];

    public static IReadOnlyList<string> PairClassification { get; } =
        [.. new[] { "max_ap", "max_accuracy", "max_f1", "max_precision", "max_recall" },
         .. PairSimilarities.SelectMany(s => PairMeasures.Select(m => $"{s}_{m}"))];

    public static IReadOnlyList<string> Summarization { get; } = ["cosine_spearman", "cosine_pearson", "dot_spearman", "dot_pearson"];
    public static IReadOnlyList<string> Classification { get; } = ["accuracy", "f1"];
    public static IReadOnlyList<string> Clustering { get; } = ["v_measure", "ami"];
    public static IReadOnlyList<string> Reranking { get; } = ["map", "mrr_at_10"];
    public static IReadOnlyList<string> Retrieval { get; } = RetrievalMetric.MtebDefaults.Select(m => m.MtebKey).ToArray();

    /// <summary>Every score a task of <paramref name="type"/> reports.</summary>
    public static IReadOnlyList<string> Of(TaskType type) => type switch
    {
        TaskType.Retrieval => Retrieval,
        TaskType.Reranking => Reranking,
        TaskType.Sts => Sts,
        TaskType.Classification => Classification,
        TaskType.Clustering => Clustering,
        TaskType.PairClassification => PairClassification,
        TaskType.Summarization => Summarization,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no score list for this task type"),
    };
}

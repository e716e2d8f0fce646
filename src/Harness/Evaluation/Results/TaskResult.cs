using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Evaluation.Results;

/// <summary>Everything one task evaluation produced: aggregate scores (MTEB keys), per-item scores and extras.</summary>
public sealed class TaskResult
{
    public required TaskManifest Manifest { get; init; }

    /// <summary>Aggregate scores keyed as MTEB keys them (<c>ndcg_at_10</c>, <c>cosine_spearman</c>, ...), in report order.</summary>
    public required IReadOnlyList<KeyValuePair<string, double>> Scores { get; init; }

    public required ItemScores Items { get; init; }

    /// <summary>
    /// Aggregate keys that are exactly the mean of the per-item column of the same name (so paired tests on the
    /// CSV test the reported number). Others (Spearman, AP, V-measure) need resampling of whole items.
    /// </summary>
    public required IReadOnlyList<string> DecomposableScores { get; init; }

    /// <summary>Extra MTEB fields such as <c>scores_per_experiment</c>.</summary>
    public IReadOnlyDictionary<string, object> Extra { get; init; } = new Dictionary<string, object>();

    /// <summary>Items dropped before scoring (e.g. queries without relevant documents), with the reason.</summary>
    public int DroppedItems { get; init; }

    public double EvaluationSeconds { get; set; }

    /// <summary>Warnings of the load and the evaluation, with counts (e.g. "qrels name 3 unknown documents").</summary>
    public List<string> Warnings { get; } = [];

    public string MainScoreName => Manifest.MainScore;

    public double MainScore
    {
        get
        {
            foreach (var (key, value) in Scores) if (key == Manifest.MainScore) return value;
            // TaskManifest.Load checks main_score against TaskScores, so reaching this is a bug in an evaluator.
            throw new InvalidOperationException(
                $"task '{Manifest.Name}': main_score '{Manifest.MainScore}' is not among the scores the evaluator reported ({string.Join(", ", Scores.Select(s => s.Key))})");
        }
    }
}

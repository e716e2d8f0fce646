using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Models;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// MTEB v1 reranking (<c>RerankingEvaluator</c>): each query's candidates (positives and negatives) are
/// ranked by cosine; <c>map</c> is the mean of scikit-learn average precision over the candidate list and
/// <c>mrr_at_10</c> the mean reciprocal rank of the first positive within 10. Queries with no positive or
/// no negative are skipped, as in MTEB. Per-item unit: query; both aggregates are means of their columns.
/// </summary>
public static class RerankingEvaluator
{
    public static TaskResult Evaluate(RerankingTaskData data, EmbeddingPipeline pipeline)
    {
        var manifest = data.Manifest;
        var queries = pipeline.Encode(data.Queries.Select(q => q.Query).ToList(), TextKind.Query, manifest.QueryInstruction, $"{manifest.Name} queries");
        var candidateTexts = data.Queries.SelectMany(q => q.Positives.Concat(q.Negatives)).Distinct().ToList();
        var candidates = pipeline.Encode(candidateTexts, TextKind.Document, manifest.DocumentInstruction, $"{manifest.Name} candidates");
        var index = candidateTexts.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);

        var items = new ItemScores("query", ["map", "mrr_at_10"]);
        int dropped = 0;
        for (int q = 0; q < data.Queries.Count; q++)
        {
            var query = data.Queries[q];
            if (query.Positives.Count == 0 || query.Negatives.Count == 0) { dropped++; continue; }
            var texts = query.Positives.Concat(query.Negatives).ToList();
            var scores = texts.Select(t => VectorMath.Cosine(queries.Row(q), candidates.Row(index[t]))).ToArray();
            var positive = texts.Select((_, i) => i < query.Positives.Count).ToArray();
            items.Add(query.Id, AveragePrecision.Compute(scores, positive), ReciprocalRank(scores, positive, 10));
        }
        if (items.Rows.Count == 0)
            throw new UserInputException($"task '{manifest.Name}': no query has both positive and negative candidates");
        var scoresOut = new List<KeyValuePair<string, double>>
        {
            new("map", items.Column("map").Average()),
            new("mrr_at_10", items.Column("mrr_at_10").Average()),
        };
        return new TaskResult { Manifest = manifest, Scores = scoresOut, Items = items, DecomposableScores = ["map", "mrr_at_10"], DroppedItems = dropped };
    }

    /// <summary>1/rank of the first positive within the top <paramref name="k"/> (score descending, input order on ties).</summary>
    public static double ReciprocalRank(double[] scores, bool[] positive, int k)
    {
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).Take(k).ToList();
        for (int rank = 0; rank < order.Count; rank++) if (positive[order[rank]]) return 1.0 / (rank + 1);
        return 0;
    }
}

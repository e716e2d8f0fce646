using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Models;
using Ablation.Stats;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// STS as MTEB (<c>AnySTSEvaluator</c>): gold scores normalised with the task's min/max, similarities are
/// cosine, −manhattan and −euclidean distance; Pearson and Spearman (scipy conventions) of each against gold.
/// Main score <c>cosine_spearman</c>. Per-item unit: pair, with gold and the three similarities, so a paired
/// bootstrap can recompute any correlation; no aggregate is a per-pair mean.
/// </summary>
public static class StsEvaluator
{
    public static TaskResult Evaluate(PairTaskData data, EmbeddingPipeline pipeline)
    {
        var m = data.Manifest;
        var left = pipeline.Encode(data.Sentences1, TextKind.Query, m.QueryInstruction, $"{m.Name} sentence1");
        var right = pipeline.Encode(data.Sentences2, TextKind.Query, m.QueryInstruction, $"{m.Name} sentence2");
        return Score(m, data.Ids, left, right, data.Gold);
    }

    public static TaskResult Score(TaskManifest manifest, IReadOnlyList<string> ids, EmbeddingMatrix left, EmbeddingMatrix right, IReadOnlyList<double> gold)
    {
        int n = ids.Count;
        var normalised = gold.Select(g => (g - manifest.MinScore) / (manifest.MaxScore - manifest.MinScore)).ToArray();
        var cosine = new double[n]; var manhattan = new double[n]; var euclidean = new double[n];
        var items = new ItemScores("pair", ["gold", "cosine", "manhattan", "euclidean"]);
        for (int i = 0; i < n; i++)
        {
            cosine[i] = VectorMath.Cosine(left.Row(i), right.Row(i));
            manhattan[i] = -VectorMath.Manhattan(left.Row(i), right.Row(i));
            euclidean[i] = -VectorMath.Euclidean(left.Row(i), right.Row(i));
            items.Add(ids[i], normalised[i], cosine[i], manhattan[i], euclidean[i]);
        }
        var scores = new List<KeyValuePair<string, double>>
        {
            new("cosine_spearman", Correlation.Spearman(cosine, normalised)),
            new("cosine_pearson", Correlation.Pearson(cosine, normalised)),
            new("manhattan_spearman", Correlation.Spearman(manhattan, normalised)),
            new("manhattan_pearson", Correlation.Pearson(manhattan, normalised)),
            new("euclidean_spearman", Correlation.Spearman(euclidean, normalised)),
            new("euclidean_pearson", Correlation.Pearson(euclidean, normalised)),
        };
        // MTEB's model-similarity keys; our encoders' similarity is cosine.
        scores.Add(new("spearman", scores[0].Value));
        scores.Add(new("pearson", scores[1].Value));
        return new TaskResult { Manifest = manifest, Scores = scores, Items = items, DecomposableScores = [] };
    }
}

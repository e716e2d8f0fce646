using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Learning;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Models;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// Clustering: k-means (k-means++ seeding, task seed) with k = number of gold labels on all items, scored by
/// V-measure (main) and AMI. MTEB's fast variant additionally bootstraps subsets; here the whole set is
/// clustered once so each item has one fixed assignment to pair on. Per-item unit: item, with gold label and
/// cluster; both scores are recomputed from these columns when resampling.
/// </summary>
public static class ClusteringEvaluator
{
    public static TaskResult Evaluate(ClusteringTaskData data, EmbeddingPipeline pipeline)
    {
        var m = data.Manifest;
        var embeddings = pipeline.Encode(data.Items.Texts, TextKind.Query, m.QueryInstruction, $"{m.Name} items");
        return Score(m, data.Items.Ids, embeddings, data.Items.Labels);
    }

    public static TaskResult Score(TaskManifest manifest, IReadOnlyList<string> ids, EmbeddingMatrix embeddings, IReadOnlyList<string> labels)
    {
        var names = labels.Distinct().Order(StringComparer.Ordinal).ToList();
        var truth = labels.Select(l => names.IndexOf(l)).ToArray();
        var clusters = new KMeans { Seed = manifest.Seed }.FitPredict(embeddings, names.Count);
        var items = new ItemScores("item", ["label", "cluster"]);
        for (int i = 0; i < ids.Count; i++) items.Add(ids[i], labels[i], clusters[i]);
        var scores = new List<KeyValuePair<string, double>>
        {
            new("v_measure", ClusteringScores.VMeasure(truth, clusters)),
            new("ami", ClusteringScores.AdjustedMutualInformation(truth, clusters)),
        };
        return new TaskResult { Manifest = manifest, Scores = scores, Items = items, DecomposableScores = [] };
    }
}

using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Analysis;

/// <summary>
/// Evaluates embeddings taken from every hidden layer (EOS-last and mean pooling) on a suite with the evaluation
/// code behind <c>ablation eval</c>. Per task, one <see cref="LayerEmbeddingStore"/> encodes each text once for
/// all layers; the task is then scored once per (pooling, layer).
/// </summary>
public static class PerLayerEvaluation
{
    /// <summary>Runs every task; <paramref name="onEvaluated"/> is called after each (task, pooling, layer).</summary>
    public static IReadOnlyList<LayerScore> Run(LayerPooler pooler, IReadOnlyList<TaskManifest> tasks, string modelId,
        Action<LayerScore>? onEvaluated = null, string? tempRoot = null, Action<long>? onPeakFloats = null)
    {
        var scores = new List<LayerScore>();
        foreach (var task in tasks)
        {
            using var store = new LayerEmbeddingStore(pooler, tempRoot);
            foreach (var pooling in LayerPooling.All)
                for (int layer = 0; layer < pooler.States; layer++)
                {
                    var encoder = new LayerEncoder(store, pooling, layer, modelId, pooler.BatchSize);
                    var result = TaskEvaluator.Evaluate(task, new EmbeddingPipeline(encoder, cache: null, showProgress: false));
                    var score = new LayerScore(layer, pooling, task.Name, TaskManifest.TypeName(task.Type), result.MainScoreName, result.MainScore);
                    scores.Add(score);
                    onEvaluated?.Invoke(score);
                }
            onPeakFloats?.Invoke(store.PeakInMemoryFloats);
        }
        return scores;
    }
}

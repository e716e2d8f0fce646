using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Analysis;

/// <summary>
/// Evaluates embeddings taken from every hidden layer (EOS-last and mean pooling) on a suite with the evaluation
/// code behind <c>ablation eval</c>. Per task, one <see cref="LayerEmbeddingStore"/> encodes each text once for
/// all layers; the task is then scored once per (pooling, layer).
/// </summary>
/// <remarks>
/// The last layer is scored first: a task the model's normal embeddings cannot be scored on is an error. A
/// lower layer can be degenerate where the last is not (layer 0's EOS-last vector is the EOS token embedding,
/// the same for every text), so an evaluator's refusal there gives a NaN score and a note, not an abort.
/// </remarks>
public static class PerLayerEvaluation
{
    /// <summary>Runs every task; <paramref name="onEvaluated"/> is called after each (task, pooling, layer).</summary>
    public static IReadOnlyList<LayerScore> Run(LayerPooler pooler, IReadOnlyList<TaskManifest> tasks, string modelId,
        Action<LayerScore>? onEvaluated = null, string? tempRoot = null, Action<long>? onPeakFloats = null, Action<string>? onNote = null)
    {
        var scores = new List<LayerScore>();
        int last = pooler.States - 1;
        foreach (var task in tasks)
        {
            using var store = new LayerEmbeddingStore(pooler, tempRoot);
            var taskScores = new List<LayerScore>();
            foreach (var pooling in LayerPooling.All)
                foreach (int layer in Enumerable.Range(0, last).Prepend(last))
                {
                    var encoder = new LayerEncoder(store, pooling, layer, modelId, pooler.BatchSize);
                    LayerScore score;
                    try
                    {
                        var result = TaskEvaluator.Evaluate(task, new EmbeddingPipeline(encoder, cache: null, showProgress: false));
                        score = new LayerScore(layer, pooling, task.Name, TaskManifest.TypeName(task.Type), result.MainScoreName, result.MainScore);
                    }
                    catch (UserInputException e) when (layer != last)
                    {
                        onNote?.Invoke($"{task.Name}, layer {layer}, {pooling}: no score ({e.Message})");
                        score = new LayerScore(layer, pooling, task.Name, TaskManifest.TypeName(task.Type), task.MainScore, double.NaN);
                    }
                    taskScores.Add(score);
                    onEvaluated?.Invoke(score);
                }
            scores.AddRange(taskScores.OrderBy(s => LayerPooling.All.ToList().IndexOf(s.Pooling)).ThenBy(s => s.Layer));
            onPeakFloats?.Invoke(store.PeakInMemoryFloats);
        }
        return scores;
    }
}

using System.Diagnostics;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>Loads one task and runs the evaluator for its type.</summary>
public static class TaskEvaluator
{
    public static TaskResult Evaluate(TaskManifest manifest, EmbeddingPipeline pipeline)
    {
        var clock = Stopwatch.StartNew();
        var data = TaskLoader.Load(manifest);
        var result = data switch
        {
            RetrievalTaskData retrieval => RetrievalEvaluator.Evaluate(retrieval, pipeline),
            RerankingTaskData reranking => RerankingEvaluator.Evaluate(reranking, pipeline),
            PairTaskData pairs when manifest.Type == TaskType.Sts => StsEvaluator.Evaluate(pairs, pipeline),
            PairTaskData pairs => PairClassificationEvaluator.Evaluate(pairs, pipeline),
            ClassificationTaskData classification => ClassificationEvaluator.Evaluate(classification, pipeline),
            ClusteringTaskData clustering => ClusteringEvaluator.Evaluate(clustering, pipeline),
            SummarizationTaskData summarization => SummarizationEvaluator.Evaluate(summarization, pipeline),
            _ => throw new InvalidOperationException($"no evaluator for {data.GetType().Name}"),
        };
        _ = result.MainScore; // an evaluator that does not report its type's scores (TaskScores) is a bug: fail before writing
        result.EvaluationSeconds = clock.Elapsed.TotalSeconds;
        result.Warnings.AddRange(data.Warnings);
        return result;
    }
}

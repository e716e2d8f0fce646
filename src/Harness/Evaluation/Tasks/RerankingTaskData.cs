namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>MTEB v1 reranking rows: each query with its positive and negative candidates.</summary>
public sealed record RerankingTaskData : TaskData
{
    public required IReadOnlyList<RerankingQuery> Queries { get; init; }
}

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>The MTEB task types the harness evaluates. Manifests spell them in lower case (<c>pair_classification</c>).</summary>
public enum TaskType
{
    Retrieval,
    Reranking,
    Sts,
    Classification,
    Clustering,
    PairClassification,
    Summarization,
}

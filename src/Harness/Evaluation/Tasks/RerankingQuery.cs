namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>One reranking query; candidates are the positives followed by the negatives.</summary>
public sealed record RerankingQuery(string Id, string Query, IReadOnlyList<string> Positives, IReadOnlyList<string> Negatives);

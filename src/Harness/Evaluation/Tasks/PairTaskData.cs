namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>Sentence pairs with a gold value: a similarity score (STS) or a 0/1 label (pair classification).</summary>
public sealed record PairTaskData : TaskData
{
    public required IReadOnlyList<string> Ids { get; init; }
    public required IReadOnlyList<string> Sentences1 { get; init; }
    public required IReadOnlyList<string> Sentences2 { get; init; }
    public required IReadOnlyList<double> Gold { get; init; }
}

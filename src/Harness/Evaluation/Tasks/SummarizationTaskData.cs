namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>Documents with human summaries, machine summaries and a human relevance score per machine summary.</summary>
public sealed record SummarizationTaskData : TaskData
{
    public required IReadOnlyList<SummarizationDocument> Documents { get; init; }
}

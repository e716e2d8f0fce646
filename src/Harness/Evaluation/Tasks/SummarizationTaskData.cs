namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>Documents with human summaries, machine summaries and a human relevance score per machine summary.</summary>
public sealed record SummarizationTaskData : TaskData
{
    public required IReadOnlyList<SummarizationDocument> Documents { get; init; }
}

/// <summary>One summarization row (MTEB columns text, human_summaries, machine_summaries, relevance).</summary>
public sealed record SummarizationDocument(string Id, IReadOnlyList<string> HumanSummaries, IReadOnlyList<string> MachineSummaries, IReadOnlyList<double> Relevance);

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>One summarization row (MTEB columns text, human_summaries, machine_summaries, relevance).</summary>
public sealed record SummarizationDocument(string Id, IReadOnlyList<string> HumanSummaries, IReadOnlyList<string> MachineSummaries, IReadOnlyList<double> Relevance);

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>A corpus, queries and graded relevance judgements (BEIR layout).</summary>
public sealed record RetrievalTaskData : TaskData
{
    public required IReadOnlyList<string> DocumentIds { get; init; }
    /// <summary>Document texts, already joined as MTEB does: <c>(title + " " + text).Trim()</c>.</summary>
    public required IReadOnlyList<string> DocumentTexts { get; init; }
    public required IReadOnlyList<string> QueryIds { get; init; }
    public required IReadOnlyList<string> QueryTexts { get; init; }
    /// <summary>Query id → (document id → relevance grade).</summary>
    public required IReadOnlyDictionary<string, Dictionary<string, int>> Qrels { get; init; }
}

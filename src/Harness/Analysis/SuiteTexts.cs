using Ablation.Harness.Data.Splits;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Analysis;

/// <summary>The distinct texts of a suite's tasks, and a fixed seeded sample of them.</summary>
public static class SuiteTexts
{
    /// <summary>Every distinct non-empty text the tasks contain (queries, documents, sentences, items, summaries), in task order.</summary>
    public static List<string> Collect(IEnumerable<TaskManifest> tasks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var task in tasks)
            foreach (var text in Of(TaskLoader.Load(task)))
                if (!string.IsNullOrWhiteSpace(text) && seen.Add(text)) texts.Add(text);
        return texts;
    }

    /// <summary>
    /// <paramref name="size"/> texts chosen by a stable hash salted with <paramref name="seed"/>: the same suite and
    /// seed give the same sample on every machine, whatever the order the texts came in.
    /// </summary>
    public static List<string> Sample(IReadOnlyList<string> texts, int size, int seed) =>
        StableHash.Shuffle(texts, t => t, $"layer-analysis-sample:{seed}").Take(size).ToList();

    private static IEnumerable<string> Of(TaskData data) => data switch
    {
        RetrievalTaskData r => r.QueryTexts.Concat(r.DocumentTexts),
        RerankingTaskData r => r.Queries.SelectMany(q => q.Positives.Concat(q.Negatives).Prepend(q.Query)),
        PairTaskData p => p.Sentences1.Concat(p.Sentences2),
        ClassificationTaskData c => c.Train.Texts.Concat(c.Test.Texts),
        ClusteringTaskData c => c.Items.Texts,
        SummarizationTaskData s => s.Documents.SelectMany(d => d.HumanSummaries.Concat(d.MachineSummaries)),
        _ => throw new InvalidOperationException($"no text extraction for {data.GetType().Name}"),
    };
}

using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Models;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// Retrieval as MTEB does it: queries (query side, query instruction) against the corpus (document side),
/// cosine similarity, exact top-1000, then trec_eval measures per query. Queries without a relevant document
/// are dropped; with <c>ignore_identical_ids</c> a hit whose id equals the query id is removed first.
/// Per-item unit: query. Every aggregate is the mean of its per-query column.
/// </summary>
public static class RetrievalEvaluator
{
    public const int TopK = 1000;

    public static TaskResult Evaluate(RetrievalTaskData data, EmbeddingPipeline pipeline)
    {
        var manifest = data.Manifest;
        var queries = pipeline.Encode(data.QueryTexts, TextKind.Query, manifest.QueryInstruction, $"{manifest.Name} queries");
        var corpus = pipeline.Encode(data.DocumentTexts, TextKind.Document, manifest.DocumentInstruction, $"{manifest.Name} corpus");
        return Score(manifest, data.QueryIds, queries, data.DocumentIds, corpus, data.Qrels);
    }

    /// <summary>Scores given embeddings (rows aligned with the id lists); the testable core.</summary>
    public static TaskResult Score(TaskManifest manifest, IReadOnlyList<string> queryIds, EmbeddingMatrix queries,
        IReadOnlyList<string> documentIds, EmbeddingMatrix corpus, IReadOnlyDictionary<string, Dictionary<string, int>> qrels,
        int chunkSize = 1024)
    {
        // Tie key = position in ordinal id order, so equal scores rank the larger id first (trec_eval).
        var byId = Enumerable.Range(0, documentIds.Count).OrderBy(i => documentIds[i], StringComparer.Ordinal).ToArray();
        var tieKey = new int[documentIds.Count];
        for (int rank = 0; rank < byId.Length; rank++) tieKey[byId[rank]] = rank;

        int k = TopK + (manifest.IgnoreIdenticalIds ? 1 : 0);
        var hits = ExactTopK.Search(queries, corpus, k, tieKey, chunkSize);
        var runs = new Dictionary<string, List<ScoredDocument>>(StringComparer.Ordinal);
        for (int q = 0; q < queryIds.Count; q++)
        {
            var ranked = new List<ScoredDocument>(hits[q].Length);
            foreach (var hit in hits[q])
            {
                string documentId = documentIds[hit.Document];
                if (manifest.IgnoreIdenticalIds && documentId == queryIds[q]) continue;
                ranked.Add(new ScoredDocument(documentId, hit.Score));
            }
            if (ranked.Count > TopK) ranked.RemoveRange(TopK, ranked.Count - TopK);
            runs[queryIds[q]] = ranked;
        }
        return ScoreRuns(manifest, runs, qrels, RetrievalMetric.MtebDefaults, useMtebKeys: true);
    }

    /// <summary>
    /// trec_eval over runs that are already in trec_eval order (score descending, id descending). Shared with
    /// <c>ablation score-run</c>. Only queries present in both the run and the qrels with at least one relevant
    /// document are scored (trec_eval's default without -c).
    /// </summary>
    public static TaskResult ScoreRuns(TaskManifest manifest, IReadOnlyDictionary<string, List<ScoredDocument>> runs,
        IReadOnlyDictionary<string, Dictionary<string, int>> qrels, IReadOnlyList<RetrievalMetric> metrics, bool useMtebKeys)
    {
        var names = metrics.Select(m => useMtebKeys ? m.MtebKey : m.Name).ToList();
        var items = new ItemScores("query", names);
        var sums = new double[metrics.Count];
        int dropped = 0;
        foreach (var (queryId, ranked) in runs.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (!qrels.TryGetValue(queryId, out var judged)) { dropped++; continue; }
            var scores = TrecEval.Score(ranked.Select(r => r.DocumentId).ToList(), judged, metrics);
            if (scores == null) { dropped++; continue; }
            for (int i = 0; i < scores.Length; i++) sums[i] += scores[i];
            items.Add(queryId, scores.Cast<object>().ToArray());
        }
        if (items.Rows.Count == 0)
            throw new UserInputException($"task '{manifest.Name}': no query has both results and a relevant document in the qrels; check that query ids match");
        var aggregate = names.Select((name, i) => new KeyValuePair<string, double>(name, sums[i] / items.Rows.Count)).ToList();
        return new TaskResult { Manifest = manifest, Scores = aggregate, Items = items, DecomposableScores = names, DroppedItems = dropped };
    }
}

using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Baselines;

/// <summary>One baseline result: the task, its measure, BM25's score and the expected score of a random ranking.</summary>
public sealed record BaselineScore(string Task, string Measure, double Bm25, double Random, int N);

/// <summary>
/// Scores BM25 and a random ranker on every retrieval and reranking task of a suite. Retrieval: nDCG@10 with
/// trec_eval semantics over the whole corpus. Reranking: MTEB v1's mean average precision over each query's
/// candidates (BM25 statistics from all candidate texts of the task; ties broken at random). Random: mean over 20
/// seeded shuffles.
/// </summary>
public static class LexicalBaseline
{
    private const int RandomRepeats = 20;

    public static List<BaselineScore> Score(string suiteFolder)
    {
        var results = new List<BaselineScore>();
        foreach (var task in SuiteManifest.Load(suiteFolder).Tasks)
        {
            if (task.Type == TaskType.Retrieval) results.Add(Retrieval((RetrievalTaskData)TaskLoader.Load(task)));
            else if (task.Type == TaskType.Reranking) results.Add(Reranking((RerankingTaskData)TaskLoader.Load(task)));
        }
        return results;
    }

    private static BaselineScore Retrieval(RetrievalTaskData data)
    {
        var bm25 = new Bm25(data.DocumentTexts);
        var metric = new[] { new RetrievalMetric(RetrievalMeasure.Ndcg, 10) };
        var rng = new Random(0);
        double sum = 0, randomSum = 0;
        int n = 0;
        for (int q = 0; q < data.QueryIds.Count; q++)
        {
            if (!data.Qrels.TryGetValue(data.QueryIds[q], out var qrels)) continue;
            double[] scores = bm25.Scores(data.QueryTexts[q]);
            var ranked = TrecEval.Rank(scores.Select((s, d) => new ScoredDocument(data.DocumentIds[d], s))).Select(h => h.DocumentId).ToList();
            if (TrecEval.Score(ranked, qrels, metric) is not { } value) continue;
            sum += value[0];
            double random = 0;
            for (int r = 0; r < RandomRepeats; r++)
            {
                var shuffled = data.DocumentIds.ToArray();
                rng.Shuffle(shuffled);
                random += TrecEval.Score(shuffled, qrels, metric)![0];
            }
            randomSum += random / RandomRepeats;
            n++;
        }
        return new BaselineScore(data.Manifest.Name, "ndcg_at_10", sum / n, randomSum / n, n);
    }

    private static BaselineScore Reranking(RerankingTaskData data)
    {
        var texts = data.Queries.SelectMany(q => q.Positives.Concat(q.Negatives)).ToList();
        var statistics = new Bm25(texts);
        var rng = new Random(0);
        double sum = 0, randomSum = 0;
        int offset = 0, n = 0;
        foreach (var query in data.Queries)
        {
            int count = query.Positives.Count + query.Negatives.Count;
            double[] all = statistics.Scores(query.Query);
            // Most candidates share no word with the query, so BM25 ties at 0; ties are broken at random (seeded),
            // otherwise a tie group would count as one step of average precision and BM25 would fall below random.
            var scores = all.AsSpan(offset, count).ToArray().Select(s => s + 1e-9 * rng.NextDouble()).ToArray();
            offset += count;
            var positive = Enumerable.Range(0, count).Select(i => i < query.Positives.Count).ToArray();
            double ap = AveragePrecision.Compute(scores, positive);
            if (double.IsNaN(ap)) continue;
            sum += ap;
            double random = 0;
            for (int r = 0; r < RandomRepeats; r++)
            {
                var randomScores = Enumerable.Range(0, count).Select(_ => rng.NextDouble()).ToArray();
                random += AveragePrecision.Compute(randomScores, positive);
            }
            randomSum += random / RandomRepeats;
            n++;
        }
        return new BaselineScore(data.Manifest.Name, "map", sum / n, randomSum / n, n);
    }
}

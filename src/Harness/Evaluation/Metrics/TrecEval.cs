namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>
/// Per-query retrieval measures with trec_eval (pytrec_eval) semantics, as MTEB uses them:
/// a document is relevant when its qrel is at least 1; gains for nDCG are the qrel values (linear, negative
/// values count as 0); the ranking is by score descending, ties broken by document id descending (ordinal
/// string order, trec_eval's strcmp); documents missing from the qrels are non-relevant.
/// Queries without any relevant document have no defined score: <see cref="Score"/> returns null and callers
/// drop them (MTEB issue #3030), so means are over the remaining queries.
/// </summary>
public static class TrecEval
{
    /// <summary>Orders hits the way trec_eval does: score descending, then document id descending.</summary>
    public static List<ScoredDocument> Rank(IEnumerable<ScoredDocument> hits)
    {
        var list = hits.ToList();
        list.Sort(CompareRanked);
        return list;
    }

    /// <summary>Comparison for trec_eval's order: a sorts before b when its score is higher, or equal with a larger id.</summary>
    public static int CompareRanked(ScoredDocument a, ScoredDocument b)
    {
        int c = b.Score.CompareTo(a.Score);
        return c != 0 ? c : string.CompareOrdinal(b.DocumentId, a.DocumentId);
    }

    /// <summary>
    /// Scores one query. <paramref name="ranked"/> must already be in trec_eval order (see <see cref="Rank"/>).
    /// Returns one value per metric, or null when the query has no relevant document.
    /// </summary>
    public static double[]? Score(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> qrels, IReadOnlyList<RetrievalMetric> metrics)
    {
        int numRelevant = 0;
        foreach (var rel in qrels.Values) if (rel >= 1) numRelevant++;
        if (numRelevant == 0) return null;

        int maxK = 0;
        foreach (var m in metrics) maxK = Math.Max(maxK, m.K);
        int depth = Math.Min(maxK, ranked.Count);

        // Prefix sums over rank positions 1..depth.
        var gain = new double[depth];
        var relevant = new bool[depth];
        for (int i = 0; i < depth; i++)
        {
            int rel = qrels.TryGetValue(ranked[i], out var r) ? r : 0;
            relevant[i] = rel >= 1;
            gain[i] = Math.Max(rel, 0);
        }

        // Ideal gains: all positive judgements, largest first.
        var ideal = qrels.Values.Where(v => v > 0).Select(v => (double)v).OrderByDescending(v => v).ToArray();

        var result = new double[metrics.Count];
        for (int mi = 0; mi < metrics.Count; mi++)
        {
            var metric = metrics[mi];
            int k = Math.Min(metric.K, depth);
            switch (metric.Measure)
            {
                case RetrievalMeasure.Ndcg:
                {
                    double dcg = 0, idcg = 0;
                    for (int i = 0; i < k; i++) if (gain[i] > 0) dcg += gain[i] / Math.Log2(i + 2);
                    for (int i = 0; i < Math.Min(metric.K, ideal.Length); i++) idcg += ideal[i] / Math.Log2(i + 2);
                    result[mi] = idcg > 0 ? dcg / idcg : 0;
                    break;
                }
                case RetrievalMeasure.Map:
                {
                    double sum = 0; int found = 0;
                    for (int i = 0; i < k; i++)
                        if (relevant[i]) { found++; sum += (double)found / (i + 1); }
                    result[mi] = sum / numRelevant;
                    break;
                }
                case RetrievalMeasure.Mrr:
                {
                    double rr = 0;
                    for (int i = 0; i < k; i++) if (relevant[i]) { rr = 1.0 / (i + 1); break; }
                    result[mi] = rr;
                    break;
                }
                case RetrievalMeasure.Recall:
                    result[mi] = (double)CountRelevant(relevant, k) / numRelevant;
                    break;
                case RetrievalMeasure.Precision:
                    result[mi] = (double)CountRelevant(relevant, k) / metric.K;
                    break;
                case RetrievalMeasure.HitRate:
                    result[mi] = CountRelevant(relevant, k) > 0 ? 1 : 0;
                    break;
            }
        }
        return result;
    }

    private static int CountRelevant(bool[] relevant, int k)
    {
        int n = 0;
        for (int i = 0; i < k; i++) if (relevant[i]) n++;
        return n;
    }
}

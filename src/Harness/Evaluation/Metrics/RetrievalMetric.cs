using System.Globalization;

namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>The retrieval measures we compute, named as in trec_eval / MTEB.</summary>
public enum RetrievalMeasure
{
    /// <summary>trec_eval <c>ndcg_cut</c>: linear gains, log2 discount, ideal ranking over all judged documents.</summary>
    Ndcg,
    /// <summary>trec_eval <c>map_cut</c>: precision at each relevant document up to k, divided by all relevant.</summary>
    Map,
    /// <summary>Reciprocal rank of the first relevant document within k (MTEB computes it outside pytrec_eval).</summary>
    Mrr,
    /// <summary>trec_eval <c>recall</c>: relevant retrieved in the top k over all relevant.</summary>
    Recall,
    /// <summary>trec_eval <c>P</c>: relevant retrieved in the top k over k (even when fewer than k were retrieved).</summary>
    Precision,
    /// <summary>trec_eval <c>success</c> (MTEB <c>hit_rate</c>): 1 if any relevant document is in the top k.</summary>
    HitRate,
}

/// <summary>One measure at one cut-off, e.g. <c>ndcg@10</c>.</summary>
public readonly record struct RetrievalMetric(RetrievalMeasure Measure, int K)
{
    /// <summary>The cut-offs MTEB reports (<c>AbsTaskRetrieval.k_values</c>).</summary>
    public static readonly int[] MtebCutoffs = [1, 3, 5, 10, 20, 100, 1000];

    /// <summary>Our short name, e.g. <c>ndcg@10</c>, <c>map@100</c>, <c>recall@1000</c>.</summary>
    public string Name => $"{ShortName(Measure)}@{K}";

    /// <summary>MTEB's key, e.g. <c>ndcg_at_10</c>, <c>precision_at_5</c>, <c>hit_rate_at_1</c>.</summary>
    public string MtebKey => $"{MtebName(Measure)}_at_{K}";

    public override string ToString() => Name;

    /// <summary>Every measure at every MTEB cut-off, nDCG first.</summary>
    public static IReadOnlyList<RetrievalMetric> MtebDefaults { get; } =
        (from m in new[] { RetrievalMeasure.Ndcg, RetrievalMeasure.Map, RetrievalMeasure.Mrr, RetrievalMeasure.Recall, RetrievalMeasure.Precision, RetrievalMeasure.HitRate }
         from k in MtebCutoffs
         select new RetrievalMetric(m, k)).ToArray();

    /// <summary>
    /// Parses <c>ndcg@10</c>, <c>map@100</c>, <c>mrr@10</c>, <c>recall@100</c>, <c>p@5</c>/<c>precision@5</c>,
    /// <c>success@1</c>/<c>hit_rate@1</c>, and MTEB's <c>ndcg_at_10</c> spelling.
    /// </summary>
    public static RetrievalMetric Parse(string text)
    {
        string t = text.Trim().ToLowerInvariant();
        int at = t.IndexOf('@');
        string name, kText;
        if (at >= 0) { name = t[..at]; kText = t[(at + 1)..]; }
        else
        {
            int u = t.LastIndexOf("_at_", StringComparison.Ordinal);
            if (u < 0) throw Bad(text);
            name = t[..u]; kText = t[(u + 4)..];
        }
        if (!int.TryParse(kText, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k <= 0) throw Bad(text);
        RetrievalMeasure measure = name switch
        {
            "ndcg" or "ndcg_cut" => RetrievalMeasure.Ndcg,
            "map" or "map_cut" => RetrievalMeasure.Map,
            "mrr" or "recip_rank" => RetrievalMeasure.Mrr,
            "recall" or "r" => RetrievalMeasure.Recall,
            "p" or "precision" => RetrievalMeasure.Precision,
            "success" or "hit_rate" or "hits" => RetrievalMeasure.HitRate,
            _ => throw Bad(text),
        };
        return new RetrievalMetric(measure, k);
    }

    private static UserInputException Bad(string text) => new(
        $"unknown retrieval metric '{text}'; use <measure>@<k> with measure one of ndcg, map, mrr, recall, p, success (e.g. ndcg@10,map@100,recall@1000)");

    private static string ShortName(RetrievalMeasure m) => m switch
    {
        RetrievalMeasure.Ndcg => "ndcg", RetrievalMeasure.Map => "map", RetrievalMeasure.Mrr => "mrr",
        RetrievalMeasure.Recall => "recall", RetrievalMeasure.Precision => "p", _ => "success",
    };

    private static string MtebName(RetrievalMeasure m) => m switch
    {
        RetrievalMeasure.Ndcg => "ndcg", RetrievalMeasure.Map => "map", RetrievalMeasure.Mrr => "mrr",
        RetrievalMeasure.Recall => "recall", RetrievalMeasure.Precision => "precision", _ => "hit_rate",
    };
}

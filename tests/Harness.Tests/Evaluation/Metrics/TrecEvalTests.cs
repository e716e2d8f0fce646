using Ablation.Harness.Evaluation.Metrics;

namespace Ablation.Harness.Tests.Evaluation.Metrics;

/// <summary>Hand-worked trec_eval examples; the expected values are written as the arithmetic trec_eval's definitions give.</summary>
public class TrecEvalTests
{
    private static double Score(string metric, IReadOnlyList<string> ranked, Dictionary<string, int> qrels) =>
        TrecEval.Score(ranked, qrels, [RetrievalMetric.Parse(metric)])![0];

    // qrels: d1 grade 1, d2 grade 2, d3 judged non-relevant; dX is unjudged (missing qrel = non-relevant).
    private static readonly Dictionary<string, int> Qrels = new() { ["d1"] = 1, ["d2"] = 2, ["d3"] = 0 };
    private static readonly string[] Ranking = ["d3", "d1", "dX", "d2"];

    [Fact]
    public void PrecisionRecallSuccessAtCutoffs()
    {
        Assert.Equal(0.0, Score("p@1", Ranking, Qrels));
        Assert.Equal(1.0 / 2, Score("p@2", Ranking, Qrels));
        Assert.Equal(2.0 / 4, Score("p@4", Ranking, Qrels));
        Assert.Equal(2.0 / 10, Score("p@10", Ranking, Qrels)); // trec_eval divides by k even when fewer were retrieved
        Assert.Equal(1.0 / 2, Score("recall@2", Ranking, Qrels));
        Assert.Equal(1.0, Score("recall@100", Ranking, Qrels));
        Assert.Equal(0.0, Score("success@1", Ranking, Qrels));
        Assert.Equal(1.0, Score("success@3", Ranking, Qrels));
    }

    [Fact]
    public void MapAndMrrAtCutoffs()
    {
        // relevant at ranks 2 and 4: AP = (1/2 + 2/4) / 2 relevant; cut at 2 keeps only the first term.
        Assert.Equal((1.0 / 2 + 2.0 / 4) / 2, Score("map@10", Ranking, Qrels), 15);
        Assert.Equal((1.0 / 2) / 2, Score("map@2", Ranking, Qrels), 15);
        Assert.Equal(0.0, Score("mrr@1", Ranking, Qrels));
        Assert.Equal(1.0 / 2, Score("mrr@10", Ranking, Qrels));
    }

    [Fact]
    public void NdcgUsesLinearGainsAndAllJudgedDocumentsForTheIdeal()
    {
        double dcg = 1 / Math.Log2(3) + 2 / Math.Log2(5);
        double idcg = 2 / Math.Log2(2) + 1 / Math.Log2(3);
        Assert.Equal(dcg / idcg, Score("ndcg@10", Ranking, Qrels), 12);
        // At k=2 the ideal is still cut at 2 and d2 is outside the run's top 2.
        Assert.Equal((1 / Math.Log2(3)) / (2 / Math.Log2(2) + 1 / Math.Log2(3)), Score("ndcg@2", Ranking, Qrels), 12);
    }

    [Fact]
    public void TiesAreBrokenByDocumentIdDescending()
    {
        var ranked = TrecEval.Rank([new("a", 0.5), new("b", 0.5), new("c", 0.9)]);
        Assert.Equal(["c", "b", "a"], ranked.Select(r => r.DocumentId));
        var qrels = new Dictionary<string, int> { ["a"] = 1 };
        var ids = ranked.Select(r => r.DocumentId).ToList();
        Assert.Equal(1.0 / 3, Score("mrr@10", ids, qrels));
        Assert.Equal(0.0, Score("success@2", ids, qrels));
        // Ordinal (strcmp) order: "d10" > "d1" > "D2", because lower-case sorts after upper-case.
        Assert.Equal(["d10", "d1", "D2"], TrecEval.Rank([new("D2", 1), new("d1", 1), new("d10", 1)]).Select(r => r.DocumentId));
    }

    [Fact]
    public void QueriesWithoutRelevantDocumentsHaveNoScore()
    {
        Assert.Null(TrecEval.Score(["d1"], new Dictionary<string, int> { ["d1"] = 0, ["d2"] = -1 }, RetrievalMetric.MtebDefaults));
        Assert.Null(TrecEval.Score(["d1"], new Dictionary<string, int>(), RetrievalMetric.MtebDefaults));
    }

    [Fact]
    public void NegativeGradesCountAsZeroGain()
    {
        var qrels = new Dictionary<string, int> { ["a"] = -2, ["b"] = 1 };
        Assert.Equal(1 / Math.Log2(3), Score("ndcg@10", ["a", "b"], qrels), 12);
    }

    [Theory]
    [InlineData("ndcg@10", RetrievalMeasure.Ndcg, 10)]
    [InlineData("ndcg_at_10", RetrievalMeasure.Ndcg, 10)]
    [InlineData("P@5", RetrievalMeasure.Precision, 5)]
    [InlineData("hit_rate_at_1", RetrievalMeasure.HitRate, 1)]
    [InlineData("recall@1000", RetrievalMeasure.Recall, 1000)]
    public void MetricNamesParse(string text, RetrievalMeasure measure, int k) =>
        Assert.Equal(new RetrievalMetric(measure, k), RetrievalMetric.Parse(text));

    [Fact]
    public void UnknownMetricNameSaysWhatIsAllowed()
    {
        var error = Assert.Throws<UserInputException>(() => RetrievalMetric.Parse("bleu@4"));
        Assert.Contains("ndcg, map, mrr, recall, p, success", error.Message);
    }
}

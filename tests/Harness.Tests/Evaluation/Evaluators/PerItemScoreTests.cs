using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation.Evaluators;

/// <summary>Per-item columns average to the reported aggregate for every decomposable metric.</summary>
public class PerItemScoreTests
{
    private static EmbeddingMatrix RandomUnit(int rows, int d, Random random)
    {
        var data = new float[rows * d];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(random.NextDouble() * 2 - 1);
        return new EmbeddingMatrix(data, rows, d).NormalizeRows();
    }

    private static void AssertDecomposable(TaskResult result, int digits)
    {
        Assert.NotEmpty(result.DecomposableScores);
        foreach (var key in result.DecomposableScores)
            Assert.Equal(result.Scores.Single(s => s.Key == key).Value, result.Items.Column(key).Average(), digits);
    }

    [Fact]
    public void RetrievalAggregatesAreMeansOfPerQueryScoresAndUnjudgedQueriesAreDropped()
    {
        var random = new Random(11);
        var queries = RandomUnit(30, 16, random);
        var corpus = RandomUnit(300, 16, random);
        var queryIds = Enumerable.Range(0, 30).Select(i => $"q{i}").ToList();
        var documentIds = Enumerable.Range(0, 300).Select(i => $"d{i}").ToList();
        var qrels = new Dictionary<string, Dictionary<string, int>>();
        for (int q = 0; q < 28; q++) // q28 has no qrels at all, q29 only a non-relevant judgement
            qrels[$"q{q}"] = Enumerable.Range(0, 300).Where(_ => random.NextDouble() < 0.02).Concat([q]).Distinct()
                .ToDictionary(d => $"d{d}", _ => random.Next(1, 3));
        qrels["q29"] = new() { ["d1"] = 0 };
        var result = RetrievalEvaluator.Score(Manifest(TaskType.Retrieval), queryIds, queries, documentIds, corpus, qrels);
        Assert.Equal(28, result.Items.Rows.Count);
        Assert.Equal(2, result.DroppedItems);
        Assert.Equal(RetrievalMetric.MtebDefaults.Count, result.DecomposableScores.Count);
        AssertDecomposable(result, 15);
        Assert.Equal("ndcg_at_10", result.MainScoreName);
        Assert.Equal(result.Scores.Single(s => s.Key == "ndcg_at_10").Value, result.MainScore);
    }

    [Fact]
    public void IgnoreIdenticalIdsRemovesSelfHits()
    {
        var random = new Random(5);
        var corpus = RandomUnit(20, 8, random);
        var ids = Enumerable.Range(0, 20).Select(i => $"x{i}").ToList();
        // Queries are the documents themselves; the only relevant document is the next one.
        var qrels = ids.Select((id, i) => (id, rel: ids[(i + 1) % 20])).ToDictionary(p => p.id, p => new Dictionary<string, int> { [p.rel] = 1 });
        var withSelf = RetrievalEvaluator.Score(Manifest(TaskType.Retrieval), ids, corpus, ids, corpus, qrels);
        var withoutSelf = RetrievalEvaluator.Score(Manifest(TaskType.Retrieval) with { IgnoreIdenticalIds = true }, ids, corpus, ids, corpus, qrels);
        Assert.Equal(0.0, withSelf.Scores.Single(s => s.Key == "precision_at_1").Value); // each query retrieves itself first
        Assert.True(withoutSelf.Scores.Single(s => s.Key == "mrr_at_10").Value > withSelf.Scores.Single(s => s.Key == "mrr_at_10").Value);
    }

    [Fact]
    public void ClassificationAccuracyIsTheMeanOfPerItemCorrectness()
    {
        var c = Root.GetProperty("logistic_regression")[1];
        int d = c.GetProperty("dimension").GetInt32();
        var train = Matrix(c.GetProperty("x_train"), d);
        var test = Matrix(c.GetProperty("x_test"), d);
        var trainLabels = Ints(c.GetProperty("y_train")).Select(l => $"L{l}").ToList();
        var testLabels = Ints(c.GetProperty("y_test")).Select(l => $"L{l}").ToList();
        var manifest = Manifest(TaskType.Classification) with { SamplesPerLabel = 4, Experiments = 3 };
        var result = ClassificationEvaluator.Score(manifest, train, trainLabels, testLabels.Select((_, i) => $"t{i}").ToList(), test, testLabels);
        AssertDecomposable(result, 12);
        var perExperiment = (List<Dictionary<string, double>>)result.Extra["scores_per_experiment"];
        Assert.Equal(3, perExperiment.Count);
        // Same seed → same experiments.
        var again = ClassificationEvaluator.Score(manifest, train, trainLabels, testLabels.Select((_, i) => $"t{i}").ToList(), test, testLabels);
        Assert.Equal(result.MainScore, again.MainScore);
    }

    [Fact]
    public void UndersamplingKeepsTheFirstItemsOfEachLabelInShuffledOrder()
    {
        int[] labels = [0, 1, 0, 1, 0, 2, 2, 1];
        var kept = ClassificationEvaluator.Undersample([7, 6, 5, 4, 3, 2, 1, 0], labels, 2);
        Assert.Equal([7, 6, 5, 4, 3, 2], kept);
    }
}

using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Tasks;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation.Evaluators;

/// <summary>Evaluators on fixed embeddings against scipy/sklearn values from make_evaluation_fixtures.py.</summary>
public class EvaluatorFixtureTests
{
    private static double Get(Ablation.Harness.Evaluation.Results.TaskResult result, string key) => result.Scores.Single(s => s.Key == key).Value;

    [Fact]
    public void StsCorrelationsMatchScipy()
    {
        var sts = Root.GetProperty("sts");
        int d = sts.GetProperty("dimension").GetInt32();
        var gold = Doubles(sts.GetProperty("gold"));
        var ids = gold.Select((_, i) => $"p{i}").ToList();
        var result = StsEvaluator.Score(Manifest(TaskType.Sts), ids, Matrix(sts.GetProperty("left"), d), Matrix(sts.GetProperty("right"), d), gold);
        foreach (var key in new[] { "cosine_spearman", "cosine_pearson", "manhattan_spearman", "manhattan_pearson", "euclidean_spearman", "euclidean_pearson" })
            Assert.Equal(sts.GetProperty(key).GetDouble(), Get(result, key), 5);
        Assert.Equal(result.MainScore, Get(result, "cosine_spearman"));
        Assert.Equal(gold.Length, result.Items.Rows.Count);
    }

    [Fact]
    public void PairClassificationMatchesSklearnApAndBruteForceAccuracy()
    {
        var pair = Root.GetProperty("pair_classification");
        int d = pair.GetProperty("dimension").GetInt32();
        var labels = Ints(pair.GetProperty("labels")).Select(l => l == 1).ToArray();
        var ids = labels.Select((_, i) => $"p{i}").ToList();
        var result = PairClassificationEvaluator.Score(Manifest(TaskType.PairClassification), ids,
            Matrix(pair.GetProperty("left"), d), Matrix(pair.GetProperty("right"), d), labels);
        foreach (var kind in new[] { "cosine", "dot", "euclidean", "manhattan" })
        {
            Assert.Equal(pair.GetProperty($"{kind}_ap").GetDouble(), Get(result, $"{kind}_ap"), 5);
            Assert.Equal(pair.GetProperty($"{kind}_accuracy").GetDouble(), Get(result, $"{kind}_accuracy"), 12);
        }
        Assert.Equal(pair.GetProperty("max_ap").GetDouble(), result.MainScore, 5);
        // Continuous scores have no ties, so the per-pair correctness column averages to the cosine accuracy.
        Assert.Equal(Get(result, "cosine_accuracy"), result.Items.Column("cosine_correct").Average(), 12);
    }

    [Fact]
    public void SummarizationMatchesScipyPerDocument()
    {
        var summ = Root.GetProperty("summarization");
        int d = summ.GetProperty("dimension").GetInt32();
        var docs = new List<SummarizationDocument>();
        var human = new List<float>(); var machine = new List<float>();
        int index = 0;
        foreach (var doc in summ.GetProperty("documents").EnumerateArray())
        {
            var h = Matrix(doc.GetProperty("human"), d); var m = Matrix(doc.GetProperty("machine"), d);
            human.AddRange(h.Data); machine.AddRange(m.Data);
            docs.Add(new SummarizationDocument($"s{index++}", Enumerable.Repeat("h", h.Rows).ToList(), Enumerable.Repeat("m", m.Rows).ToList(),
                Doubles(doc.GetProperty("relevance"))));
        }
        var result = SummarizationEvaluator.Score(Manifest(TaskType.Summarization), docs,
            new(human.ToArray(), human.Count / d, d), new(machine.ToArray(), machine.Count / d, d));
        Assert.Equal(summ.GetProperty("cosine_spearman").GetDouble(), result.MainScore, 6);
        int i = 0;
        foreach (var doc in summ.GetProperty("documents").EnumerateArray())
        {
            string id = $"s{i++}";
            var row = result.Items.Rows.SingleOrDefault(r => r.Id == id);
            if (doc.TryGetProperty("cosine_spearman", out var expected)) Assert.Equal(expected.GetDouble(), (double)row.Values[0], 6);
            else Assert.Null(row.Id); // skipped document (constant relevance or predictions), as MTEB
        }
    }
}

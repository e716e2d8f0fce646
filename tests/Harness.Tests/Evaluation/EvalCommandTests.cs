using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Cli;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Evaluation;

/// <summary>End to end through Program.Run: eval on the tiny fixture suite and score-run on a small TREC run.</summary>
public class EvalCommandTests
{

    [Fact]
    public void EvalWritesScoresMetricsAndMtebFilesForEveryTask()
    {
        string output = TempFolder();
        var (code, stdout, stderr) = Run("eval", "--model", "builtin:bow-hash", "--suite", TinySuite, "--out", output, "--no-cache");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("TinyRetrieval", stdout);

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        var tasks = metrics.RootElement.GetProperty("tasks");
        Assert.Equal(7, tasks.EnumerateObject().Count());
        foreach (var task in tasks.EnumerateObject())
        {
            double main = task.Value.GetProperty("main_score").GetDouble();
            Assert.InRange(main, -1 - 1e-12, 1 + 1e-12);
            using var mteb = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "mteb", task.Name + ".json")));
            Assert.Equal(task.Name, mteb.RootElement.GetProperty("task_name").GetString());
            Assert.Equal(main, mteb.RootElement.GetProperty("scores").GetProperty("test")[0].GetProperty("main_score").GetDouble());

            var lines = File.ReadAllLines(Path.Combine(output, "scores", task.Name + ".csv"));
            Assert.StartsWith("id,", lines[0]);
            Assert.Equal(task.Value.GetProperty("n_items").GetInt32(), lines.Length - 1);
            // Decomposable aggregates equal the mean of their CSV column.
            var header = lines[0].Split(',');
            foreach (var key in task.Value.GetProperty("decomposable").EnumerateArray().Select(k => k.GetString()!))
            {
                int column = Array.IndexOf(header, key);
                if (column < 0) continue;
                double mean = lines.Skip(1).Average(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture));
                Assert.Equal(task.Value.GetProperty("scores").GetProperty(key).GetDouble(), mean, 12);
            }
        }
        // Retrieval drops the query without qrels; bow-hash on topic words should beat chance clearly.
        Assert.Equal(12, tasks.GetProperty("TinyRetrieval").GetProperty("n_items").GetInt32());
        Assert.True(tasks.GetProperty("TinyClassification").GetProperty("main_score").GetDouble() > 0.5);
        using var classification = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "mteb", "TinyClassification.json")));
        Assert.Equal(10, classification.RootElement.GetProperty("scores").GetProperty("test")[0].GetProperty("scores_per_experiment").GetArrayLength());
    }

    [Fact]
    public void EvalTaskFilterAndUnknownTask()
    {
        string output = TempFolder();
        var (code, _, stderr) = Run("eval", "--model", "builtin:bow-hash", "--suite", TinySuite, "--out", output, "--tasks", "TinySTS,TinyClustering", "--no-cache");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(["TinyClustering.csv", "TinySTS.csv"], Directory.GetFiles(Path.Combine(output, "scores")).Select(Path.GetFileName).Order());
        // A second subset run into the same folder adds to metrics.json instead of replacing it.
        Assert.Equal(ExitCodes.Success, Run("eval", "--model", "builtin:bow-hash", "--suite", TinySuite, "--out", output, "--tasks", "TinyReranking", "--no-cache").Code);
        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json"))))
            Assert.Equal(["TinyClustering", "TinyReranking", "TinySTS"], metrics.RootElement.GetProperty("tasks").EnumerateObject().Select(t => t.Name).Order());
        var (bad, _, error) = Run("eval", "--model", "builtin:bow-hash", "--suite", TinySuite, "--out", output, "--tasks", "Nope", "--no-cache");
        Assert.Equal(ExitCodes.UserError, bad);
        Assert.Contains("unknown task(s) Nope", error);
    }

    private static (string Qrels, string Run) SmallRun()
    {
        string folder = TempFolder();
        // q1: relevant d1 (1), d2 (2); run order d3, d1, dX, d2 (d3 judged 0).  q2: relevant d9 only, tie between d8 and d9.
        // q3: only non-relevant judgements → not scored.
        File.WriteAllText(Path.Combine(folder, "qrels.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\t2\nq1\td3\t0\nq2\td9\t1\nq3\td1\t0\n");
        File.WriteAllText(Path.Combine(folder, "run.trec"),
            "q1 Q0 d3 1 4.0 t\nq1 Q0 d1 2 3.0 t\nq1 Q0 dX 3 2.0 t\nq1 Q0 d2 4 1.0 t\nq2 Q0 d8 1 0.5 t\nq2 Q0 d9 2 0.5 t\nq3 Q0 d1 1 1 t\n");
        return (Path.Combine(folder, "qrels.tsv"), Path.Combine(folder, "run.trec"));
    }

    [Fact]
    public void ScoreRunJsonHasAggregateAndPerQuery()
    {
        var (qrels, run) = SmallRun();
        var (code, stdout, stderr) = Run("score-run", "--qrels", qrels, "--run", run, "--metrics", "ndcg@10,map@100,mrr@10,p@1", "--json");
        Assert.True(code == ExitCodes.Success, stderr);
        using var json = JsonDocument.Parse(stdout);
        var perQuery = json.RootElement.GetProperty("per_query");
        Assert.Equal(["q1", "q2"], perQuery.EnumerateObject().Select(p => p.Name));
        // q1 by hand (see TrecEvalTests); q2: tie at 0.5 → d9 ranks before d8 (id descending), so MRR = 1, P@1 = 1.
        double ndcgQ1 = (1 / Math.Log2(3) + 2 / Math.Log2(5)) / (2 + 1 / Math.Log2(3));
        Assert.Equal(ndcgQ1, perQuery.GetProperty("q1").GetProperty("ndcg@10").GetDouble(), 12);
        Assert.Equal(1.0, perQuery.GetProperty("q2").GetProperty("mrr@10").GetDouble());
        Assert.Equal(1.0, perQuery.GetProperty("q2").GetProperty("p@1").GetDouble());
        var aggregate = json.RootElement.GetProperty("aggregate");
        Assert.Equal((ndcgQ1 + 1) / 2, aggregate.GetProperty("ndcg@10").GetDouble(), 12);
        Assert.Equal((0.5 + 1) / 2, aggregate.GetProperty("map@100").GetDouble(), 12);
        Assert.Contains("1 run queries have no relevant document", stderr);
    }

    [Fact]
    public void ScoreRunTextAndCsvOutput()
    {
        var (qrels, run) = SmallRun();
        string csv = Path.Combine(TempFolder(), "per-query.csv");
        var (code, stdout, _) = Run("score-run", "--qrels", qrels, "--run", run, "--metrics", "mrr@10", "--per-query", "--out", csv);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("mrr@10        \tq1\t0.5000", stdout);
        Assert.Contains("mrr@10        \tall\t0.7500", stdout);
        Assert.Equal(["id,mrr@10", "q1,0.5", "q2,1"], File.ReadAllLines(csv));
        var (bad, _, error) = Run("score-run", "--qrels", qrels, "--run", run, "--metrics", "bleu@4");
        Assert.Equal(ExitCodes.UserError, bad);
        Assert.Contains("unknown retrieval metric 'bleu@4'", error);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Harness.Cli;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation;

/// <summary>
/// Tasks in MTEB's Hugging Face Parquet layout (tests/fixtures/parquet/tiny-suite-parquet: the JSONL/CSV/TSV tiny
/// suite rewritten by make_parquet_fixtures.py with an independent Parquet writer) load and score exactly like
/// the original files; bad Parquet tasks name the file, row and column.
/// </summary>
public class ParquetTaskTests
{
    private static string ParquetSuite => RepoPaths.Fixture("parquet", "tiny-suite-parquet");

    private static string BadTask(string name) => RepoPaths.Fixture("parquet", "bad-tasks", name);

    [Fact]
    public void ParquetSuiteScoresExactlyLikeTheJsonlSuite()
    {
        string jsonl = TempFolder(), parquet = TempFolder();
        var first = Run("eval", "--model", "builtin:bow-hash", "--suite", TinySuite, "--out", jsonl, "--no-cache");
        Assert.True(first.Code == ExitCodes.Success, first.Err);
        var second = Run("eval", "--model", "builtin:bow-hash", "--suite", ParquetSuite, "--out", parquet, "--no-cache");
        Assert.True(second.Code == ExitCodes.Success, second.Err);

        // Per-item scores: byte-identical CSV files for all seven tasks.
        var names = Directory.GetFiles(Path.Combine(jsonl, "scores")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(7, names.Count);
        Assert.Equal(names, Directory.GetFiles(Path.Combine(parquet, "scores")).Select(Path.GetFileName).Order());
        foreach (string name in names.Select(n => n!))
            Assert.Equal(File.ReadAllText(Path.Combine(jsonl, "scores", name)), File.ReadAllText(Path.Combine(parquet, "scores", name)));

        // Task metrics: identical except the wall-clock time.
        Assert.Equal(WithoutTimes(Path.Combine(jsonl, "metrics.json")), WithoutTimes(Path.Combine(parquet, "metrics.json")));
    }

    private static string WithoutTimes(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!;
        foreach (var task in root["tasks"]!.AsObject()) task.Value!.AsObject().Remove("evaluation_time");
        return root["tasks"]!.ToJsonString();
    }

    [Fact]
    public void RetrievalFromShardsKeepsCorpusOrderAndQrels()
    {
        var fromJsonl = (RetrievalTaskData)TaskLoader.Load(TaskManifest.Load(Path.Combine(TinySuite, "retrieval")));
        var fromParquet = (RetrievalTaskData)TaskLoader.Load(TaskManifest.Load(Path.Combine(ParquetSuite, "retrieval")));
        Assert.Equal(fromJsonl.DocumentIds, fromParquet.DocumentIds); // two shards, the first in row groups of 7
        Assert.Equal(fromJsonl.DocumentTexts, fromParquet.DocumentTexts);
        Assert.Equal(fromJsonl.QueryIds, fromParquet.QueryIds);
        Assert.Equal(fromJsonl.QueryTexts, fromParquet.QueryTexts);
        Assert.Equal(fromJsonl.Qrels.Keys.Order(), fromParquet.Qrels.Keys.Order());
        foreach (var (query, judged) in fromJsonl.Qrels)
            Assert.Equal(judged.OrderBy(p => p.Key), fromParquet.Qrels[query].OrderBy(p => p.Key));
    }

    [Fact]
    public void LayoutFindsEachKindOfSplitFile()
    {
        TaskManifest Manifest(string task) => TaskManifest.Load(Path.Combine(ParquetSuite, task));
        string Expected(params string[] parts) => Path.Combine([ParquetSuite, .. parts]);

        // Shards → a wildcard; the corpus config's only split ("corpus") stands in for the task's split ("test").
        Assert.Equal(Expected("retrieval", "corpus", "corpus-*-of-*.parquet"), ParquetTaskLayout.Find(Manifest("retrieval"), "corpus", "corpus"));
        Assert.Equal(Expected("retrieval", "queries", "queries-00000-of-00001.parquet"), ParquetTaskLayout.Find(Manifest("retrieval"), "queries", "queries"));
        Assert.Equal(Expected("retrieval", "default", "test-00000-of-00001.parquet"), ParquetTaskLayout.Find(Manifest("retrieval"), "qrels", "test"));
        Assert.Equal(Expected("classification", "data", "train-00000-of-00001.parquet"), ParquetTaskLayout.Find(Manifest("classification"), "train", "train"));
        Assert.Equal(Expected("clustering", "default", "test", "*.parquet"), ParquetTaskLayout.Find(Manifest("clustering"), "test", "test"));
        Assert.Equal(Expected("reranking", "test-00000-of-00001.parquet"), ParquetTaskLayout.Find(Manifest("reranking"), "test", "test"));
        // Outside retrieval a missing split is not replaced by another one.
        Assert.Null(ParquetTaskLayout.Find(Manifest("sts"), "test", "validation"));
    }

    [Fact]
    public void DeclaredWildcardFilesAreReadInNameOrder()
    {
        string folder = TempFolder();
        Directory.CreateDirectory(Path.Combine(folder, "shards"));
        string source = Path.Combine(ParquetSuite, "retrieval", "corpus");
        File.Copy(Path.Combine(source, "corpus-00001-of-00002.parquet"), Path.Combine(folder, "shards", "b.parquet"));
        File.Copy(Path.Combine(source, "corpus-00000-of-00002.parquet"), Path.Combine(folder, "shards", "a.parquet"));
        File.WriteAllText(Path.Combine(folder, "task.json"),
            """{"type": "retrieval", "files": {"corpus": "shards/*.parquet", "queries": "../q/*.parquet", "qrels": "../q/*.parquet"}}""");
        var records = DataFileReader.Read(Path.Combine(folder, "shards", "*.parquet")).ToList();
        var expected = DataFileReader.Read(Path.Combine(TinySuite, "retrieval", "corpus.jsonl")).ToList();
        Assert.Equal(expected.Select(r => r.Text("_id")), records.Select(r => r.Text("_id")));
        Assert.Equal(Path.Combine(folder, "shards", "b.parquet"), records[^1].File);

        var error = Assert.Throws<UserInputException>(() => TaskLoader.Load(TaskManifest.Load(folder)));
        Assert.StartsWith("no data file matches '" + Path.Combine(folder, "..", "q", "*.parquet") + "'", error.Message);
    }

    [Theory]
    [InlineData("sts-bad-score", "data/test-00000-of-00001.parquet row 3 (row group 1, row 1; 0-based), column 'score': value is \"high\"; expected a number")]
    [InlineData("qrels-duplicate", "default/test.parquet row 2 (row group 0, row 2; 0-based), column 'corpus-id': value 'd0' is judged twice for query 'q0'")]
    [InlineData("qrels-fraction", "qrels/test.parquet row 0 (row group 0, row 0; 0-based), column 'score': value is 0.5; relevance grades must be integers")]
    [InlineData("corpus-two-splits", "corpus: has the splits dev, train but not 'test'; set \"split\" in task.json")]
    [InlineData("corpus-missing-id", "corpus/corpus.parquet row 2 (row group 0, row 2; 0-based), column '_id': value is missing")]
    public void BadParquetTasksNameFileRowAndColumn(string task, string expected)
    {
        string folder = BadTask(task);
        var error = Assert.Throws<UserInputException>(() => TaskLoader.Load(TaskManifest.Load(folder)));
        Assert.StartsWith(Path.Combine(folder, expected.Replace('/', Path.DirectorySeparatorChar)), error.Message);
    }

    [Fact]
    public void MissingDataMentionsTheParquetLayout()
    {
        string folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "task.json"), """{"type": "sts"}""");
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.Copy(Path.Combine(ParquetSuite, "sts", "data", "test-00000-of-00001.parquet"), Path.Combine(folder, "data", "validation-00000-of-00001.parquet"));
        var error = Assert.Throws<UserInputException>(() => TaskLoader.Load(TaskManifest.Load(folder)));
        Assert.Contains("no files.test, no test.jsonl/.csv/.tsv and no Parquet split in MTEB's layout", error.Message);
    }
}

using System.Text.Json;
using Ablation.Harness.Data;
using Ablation.Harness.Data.Parquet;
using Ablation.Harness.Data.Training;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Data;

/// <summary>
/// <see cref="TrainingDataSource"/> on the fixtures of tests/fixtures/parquet (written by make_parquet_fixtures.py
/// with an independent stdlib Parquet writer) and on the built-in pairs.
/// </summary>
public class TrainingDataSourceTests
{
    private static string Fixture(params string[] parts) => RepoPaths.Fixture(["parquet", "training", .. parts]);

    private static string Temp(string name, string content)
    {
        string folder = Path.Combine(Path.GetTempPath(), "ablation-training-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Everything but <see cref="TrainingExample.Source"/>, which differs between formats by design.</summary>
    private static string Content(TrainingExample e) =>
        JsonSerializer.Serialize(new object[] { e.Query, e.Positive, e.Negatives, e.Instruction, e.Dataset });

    private static void AssertSameContent(IReadOnlyList<TrainingExample> expected, IReadOnlyList<TrainingExample> actual) =>
        Assert.Equal(expected.Select(Content), actual.Select(Content));

    [Fact]
    public void BuiltinPairsLoadOneExamplePerLine()
    {
        var paths = BuiltinData.EnsureBuilt();
        foreach (var (kind, file) in new[] { (TrainingDataKind.Contrastive, paths.ContrastivePairsPath), (TrainingDataKind.Reconstruction, paths.ReconstructionPairsPath) })
        {
            var lines = File.ReadLines(file).Where(l => l.Length > 0).ToList();
            var examples = TrainingDataSource.Load("builtin:wordnet-pairs", kind);
            Assert.Equal(lines.Count, examples.Count);
            // First and last example against the JSON itself (kind → dataset, the one negative → a one-element list).
            foreach (int i in new[] { 0, lines.Count - 1 })
            {
                using var line = JsonDocument.Parse(lines[i]);
                var root = line.RootElement;
                Assert.Equal(root.GetProperty("query").GetString(), examples[i].Query);
                Assert.Equal(root.GetProperty("positive").GetString(), examples[i].Positive);
                Assert.Equal([root.GetProperty("negative").GetString()!], examples[i].Negatives);
                Assert.Equal(root.GetProperty("instruction").GetString(), examples[i].Instruction);
                Assert.Equal(root.GetProperty("kind").GetString(), examples[i].Dataset);
                Assert.Equal($"{file} line {i + 1}", examples[i].Source);
            }
        }
    }

    [Fact]
    public void JsonlAndParquetGiveIdenticalExamples()
    {
        var jsonl = TrainingDataSource.Load(Fixture("pairs.jsonl"), TrainingDataKind.Contrastive);
        var parquet = TrainingDataSource.Load(Fixture("pairs.parquet"), TrainingDataKind.Contrastive);
        Assert.Equal(6, jsonl.Count);
        AssertSameContent(jsonl, parquet);

        // The values the fixture script wrote, including a non-ASCII query and a positive with a quote and a newline.
        Assert.Equal("café au lait — 牛奶咖啡", parquet[2].Query);
        Assert.Equal("coffee with hot milk, \"half and half\"\nserved in a bowl", parquet[2].Positive);
        Assert.Empty(parquet[2].Negatives);
        Assert.Equal("", parquet[2].Instruction);
        Assert.Equal("msmarco", parquet[2].Dataset);
        Assert.Equal(["a program that executes source code directly", "a tool that formats source code"], parquet[1].Negatives);
        Assert.Empty(parquet[3].Negatives); // an empty list
        Assert.Equal("", parquet[3].Dataset);
        Assert.Equal(3, parquet[4].Negatives.Count);

        // Sources: line numbers for JSONL; 0-based file row, row group and row for Parquet (groups of 4 rows).
        Assert.Equal(Fixture("pairs.jsonl") + " line 2", jsonl[1].Source);
        Assert.Equal(Fixture("pairs.parquet") + " row 5 (row group 1, row 1; 0-based)", parquet[5].Source);
    }

    [Fact]
    public void NegativeAsStringOrListGivesTheSameExamples()
    {
        var jsonl = TrainingDataSource.Load(Fixture("single-negative.jsonl"), TrainingDataKind.Contrastive);
        var parquetStrings = TrainingDataSource.Load(Fixture("single-negative.parquet"), TrainingDataKind.Contrastive);
        AssertSameContent(jsonl, parquetStrings);
        Assert.Equal(["small ungulate mammals of Africa and Asia"], parquetStrings[0].Negatives); // string column → one negative
        Assert.Empty(parquetStrings[1].Negatives); // null string → none

        // In pairs.jsonl record 0 has a string negative and record 1 a list; pairs.parquet has a list column for both.
        var mixed = TrainingDataSource.Load(Fixture("pairs.jsonl"), TrainingDataKind.Contrastive);
        var lists = TrainingDataSource.Load(Fixture("pairs.parquet"), TrainingDataKind.Contrastive);
        Assert.Equal(mixed[0].Negatives, lists[0].Negatives);
        Assert.Equal(parquetStrings[0].Negatives, lists[0].Negatives);
    }

    [Fact]
    public void FolderShardsAreReadInNameOrder()
    {
        var folder = TrainingDataSource.Load(Fixture("shards"), TrainingDataKind.Contrastive);
        AssertSameContent(TrainingDataSource.Load(Fixture("pairs.jsonl"), TrainingDataKind.Contrastive), folder);
        Assert.Equal(["part-0.jsonl", "part-0.jsonl", "part-1.parquet", "part-1.parquet", "part-2.jsonl.gz", "part-2.jsonl.gz"],
            folder.Select(e => Path.GetFileName(e.Source[..e.Source.IndexOf(' ')])));
        Assert.Equal(3, TrainingDataSource.Files(Fixture("shards"), TrainingDataKind.Contrastive).Count); // README.txt is not a shard
    }

    [Fact]
    public void ParquetIsReadRowGroupByRowGroup()
    {
        var groups = new List<int>();
        var options = new TrainingDataOptions { RowGroupRead = g => groups.Add(g.Index) };
        using var examples = TrainingDataSource.Read(Fixture("many-groups.parquet"), TrainingDataKind.Contrastive, options).GetEnumerator();
        Assert.Empty(groups); // nothing is read before the first example is asked for

        Assert.True(examples.MoveNext());
        Assert.Equal("query 0", examples.Current.Query);
        Assert.Equal([0], groups);
        for (int i = 1; i < 5; i++) Assert.True(examples.MoveNext());
        Assert.Equal([0], groups); // the first 5 examples come from group 0 alone
        Assert.True(examples.MoveNext());
        Assert.Equal("query 5", examples.Current.Query);
        Assert.Equal([0, 1], groups);

        int count = 6;
        while (examples.MoveNext())
        {
            Assert.Equal($"query {count}", examples.Current.Query);
            Assert.Equal(count / 5, groups[^1]); // the group being handed out is the last one read
            count++;
        }
        Assert.Equal(50, count);
        Assert.Equal(Enumerable.Range(0, 10), groups);
    }

    [Fact]
    public void LimitStopsReadingEarly()
    {
        int groups = 0;
        var examples = TrainingDataSource.Load(Fixture("many-groups.parquet"), TrainingDataKind.Contrastive,
            new TrainingDataOptions { Limit = 7, RowGroupRead = _ => groups++ });
        Assert.Equal(7, examples.Count);
        Assert.Equal(2, groups);
        groups = 0; // a limit on a group boundary does not read the next group
        Assert.Equal(10, TrainingDataSource.Load(Fixture("many-groups.parquet"), TrainingDataKind.Contrastive,
            new TrainingDataOptions { Limit = 10, RowGroupRead = _ => groups++ }).Count);
        Assert.Equal(2, groups);
        Assert.Equal(Fixture("many-groups.parquet") + " row 23 (row group 4, row 3; 0-based)",
            TrainingDataSource.Load(Fixture("many-groups.parquet"), TrainingDataKind.Contrastive)[23].Source);
    }

    [Fact]
    public void UnknownFieldsAreCountedInOneWarningEach()
    {
        foreach (var (file, unit, scoreCount, first) in new[] { ("unknown-fields.jsonl", "line", 3, 1), ("unknown-fields.parquet", "row", 4, 0) })
        {
            var warnings = new List<string>();
            var examples = TrainingDataSource.Load(Fixture(file), TrainingDataKind.Contrastive, new TrainingDataOptions { Warn = warnings.Add });
            Assert.Equal(4, examples.Count);
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith($"{Fixture(file)}: ignored unknown field 'score' in {scoreCount} records (first at {unit} {first})", warnings[0]);
            Assert.StartsWith($"{Fixture(file)}: ignored unknown field 'source' in 4 records (first at {unit} {first})", warnings[1]);
        }
    }

    [Theory]
    [InlineData("missing-positive-column.parquet", ": column 'positive' is missing (columns: query, text)")]
    [InlineData("null-query.parquet", " row 5 (row group 1, row 2; 0-based), field 'query': is missing")]
    [InlineData("empty-positive.parquet", " row 6 (row group 1, row 2; 0-based), field 'positive': is empty")]
    [InlineData("null-negative-element.parquet", " row 1 (row group 0, row 1; 0-based), field 'negative': element 1 is null")]
    [InlineData("query-int64.parquet", " row 0 (row group 0, row 0; 0-based), field 'query': is a number")]
    [InlineData("no-rows.parquet", ": file has no rows")]
    [InlineData("truncated.parquet", ": not a readable Parquet file")]
    public void MalformedParquetNamesFileRowAndField(string file, string expected)
    {
        string path = Fixture("bad", file);
        var error = Assert.Throws<UserInputException>(() => TrainingDataSource.Load(path, TrainingDataKind.Contrastive));
        Assert.StartsWith(path + expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\"}\n{\"query\": \"q\" \"positive\": \"p\"}\n", " line 2, column 15: invalid JSON")]
    [InlineData("[\"q\", \"p\"]\n", " line 1, column 1: expected a JSON object with 'query' and 'positive', got a JSON array")]
    [InlineData("{\"query\": \"q\"}\n", " line 1, field 'positive': is missing")]
    [InlineData("\n{\"query\": \"\", \"positive\": \"p\"}\n", " line 2, field 'query': is empty")]
    [InlineData("{\"query\": 3, \"positive\": \"p\"}\n", " line 1, field 'query': is a JSON number (3); expected a string")]
    [InlineData("{\"query\": \"q\", \"positive\": null}\n", " line 1, field 'positive': is missing")]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\", \"negative\": 1.5}\n", " line 1, field 'negative': is a JSON number (1.5); expected a string or a list of strings")]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\", \"negative\": [\"n\", 2]}\n", " line 1, field 'negative': element 1 is a JSON number (2)")]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\", \"negative\": \"\"}\n", " line 1, field 'negative': is an empty string")]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\", \"instruction\": [\"i\"]}\n", " line 1, field 'instruction': is a list")]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\", \"dataset\": {\"name\": \"x\"}}\n", " line 1, field 'dataset': is a JSON object")]
    [InlineData("{\"query\": \"q\", \"positive\": \"p\", \"id\": [1]}\n", " line 1, field 'id': is not a string or number")]
    [InlineData("", ": file has no records")]
    [InlineData("\n  \n", ": file has no records")]
    public void MalformedJsonlNamesFileLineAndField(string content, string expected)
    {
        string path = Temp("pairs.jsonl", content);
        var error = Assert.Throws<UserInputException>(() => TrainingDataSource.Load(path, TrainingDataKind.Contrastive));
        Assert.StartsWith(path + expected, error.Message);
    }

    public sealed class NestedMeta { public string? Source { get; set; } }

    public sealed class NestedRecord
    {
        public string? query { get; set; }
        public string? positive { get; set; }
        public NestedMeta? negative { get; set; }
    }

    [Fact]
    public void NestedColumnsAndZeroByteFilesAreRejected()
    {
        string path = Temp("nested.parquet", "");
        var error = Assert.Throws<UserInputException>(() => TrainingDataSource.Load(path, TrainingDataKind.Contrastive));
        Assert.StartsWith(path + ": file is empty (0 bytes)", error.Message);

        // A struct column (written by Parquet.Net's serializer: our fixture writer has no structs).
        using (var stream = File.Create(path))
            global::Parquet.Serialization.ParquetSerializer.SerializeAsync(
                [new NestedRecord { query = "q", positive = "p", negative = new NestedMeta { Source = "s" } }], stream).GetAwaiter().GetResult();
        error = Assert.Throws<UserInputException>(() => TrainingDataSource.Load(path, TrainingDataKind.Contrastive));
        Assert.StartsWith(path + ": column 'negative' is a struct with nested fields; only primitive columns and lists of primitives are read", error.Message);
    }

    [Fact]
    public void NumericIdsAndNullOptionalsAreAccepted()
    {
        string path = Temp("ok.jsonl", "{\"id\": 17, \"query\": \"q\", \"positive\": \"p\", \"negative\": null, \"instruction\": null, \"kind\": \"k\"}\n");
        var example = Assert.Single(TrainingDataSource.Load(path, TrainingDataKind.Reconstruction));
        Assert.Equal(("q", "p", 0, "", "k"), (example.Query, example.Positive, example.Negatives.Count, example.Instruction, example.Dataset));
    }

    [Fact]
    public void BadSpecsSayWhatIsAccepted()
    {
        string Fails(string spec) => Assert.Throws<UserInputException>(() => TrainingDataSource.Load(spec, TrainingDataKind.Contrastive)).Message;

        Assert.Contains("the built-in training data is builtin:wordnet-pairs", Fails("builtin:e5"));
        Assert.Contains("neither builtin:wordnet-pairs nor an existing file or folder", Fails("/nonexistent/pairs.jsonl"));
        Assert.Contains("unsupported extension; use .jsonl, .jsonl.gz or .parquet", Fails(Temp("pairs.csv", "query,positive\n")));
        Assert.Contains("training data spec is empty", Fails(" "));

        string nested = Path.GetDirectoryName(Temp("README.md", "x"))!;
        Directory.CreateDirectory(Path.Combine(nested, "data"));
        File.Copy(Fixture("pairs.parquet"), Path.Combine(nested, "data", "train-00000-of-00001.parquet"));
        Assert.Contains("the shards are in a sub-folder: pass that folder", Fails(nested));
        Assert.Equal(6, TrainingDataSource.Load(Path.Combine(nested, "data"), TrainingDataKind.Contrastive).Count);

        // Two Hub splits in one folder: an error (it would train on the test split); a pattern picks one.
        File.Copy(Fixture("single-negative.parquet"), Path.Combine(nested, "data", "test-00000-of-00001.parquet"));
        string data = Path.Combine(nested, "data");
        Assert.Contains($"training data folder '{data}' holds the splits test, train; pick one with a pattern such as '{Path.Combine(data, "train-*.parquet")}'", Fails(data));
        Assert.Equal(6, TrainingDataSource.Load(Path.Combine(data, "train-*.parquet"), TrainingDataKind.Contrastive).Count);
        Assert.Equal(6 + 3, TrainingDataSource.Load(Path.Combine(data, "*-00000-of-00001.parquet"), TrainingDataKind.Contrastive).Count);
        Assert.Contains("matches no .parquet, .jsonl or .jsonl.gz file", Fails(Path.Combine(data, "validation-*.parquet")));
    }

    [Fact]
    public void ParquetRowReaderReadsListsOfNumbersAndNulls()
    {
        // Summarization fixture: lists of strings and of doubles, gzip-compressed.
        string path = RepoPaths.Fixture("parquet", "tiny-suite-parquet", "summarization", "data", "test-00000-of-00001.parquet");
        Assert.Equal(["id", "text", "human_summaries", "machine_summaries", "relevance"], ParquetRowReader.ColumnNames(path));
        var group = Assert.Single(ParquetRowReader.ReadRowGroups(path, ["id", "relevance"]));
        Assert.Equal(["id", "relevance"], group.Columns.Keys.Order());
        Assert.Equal("s0", group.Columns["id"][0]);
        Assert.Equal([5.0, 1.0, 4.0, 2.0], ((IReadOnlyList<object?>)group.Columns["relevance"][0]!).Cast<double>());

        var withNull = ParquetRowReader.ReadRowGroups(Fixture("bad", "null-negative-element.parquet")).First();
        Assert.Equal(["n", null], (IReadOnlyList<object?>)withNull.Columns["negative"][1]!);

        // A null list and an empty list stay apart (pairs.parquet rows 2 and 3).
        var negatives = ParquetRowReader.ReadRowGroups(Fixture("pairs.parquet"), ["negative"]).First().Columns["negative"];
        Assert.Null(negatives[2]);
        Assert.Empty((IReadOnlyList<object?>)negatives[3]!);
        Assert.Equal(2, ((IReadOnlyList<object?>)negatives[1]!).Count);
    }
}

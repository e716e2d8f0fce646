using System.Text.Json;
using Ablation.Harness.Data;
using Ablation.Harness.Data.Splits;
using Ablation.Harness.Data.WordNet;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Tests.Data;

/// <summary>
/// Two small builds from the installed Debian packages (10% of the synsets and articles, a quarter of the task
/// sizes, no GCIDE), shared by the tests of this class.
/// </summary>
public sealed class SmallBuildFixture : IDisposable
{
    public static readonly BuildOptions Options = new(0.25, IncludeGcide: false) { SourceFraction = 0.1 };

    public SmallBuildFixture()
    {
        Root = Directory.CreateTempSubdirectory("builtin-data").FullName;
        First = BuiltinDataBuilder.Build(Path.Combine(Root, "a"), BuiltinDataSources.Debian, Options);
        Second = BuiltinDataBuilder.Build(Path.Combine(Root, "b"), BuiltinDataSources.Debian, Options);
    }

    public string Root { get; }
    public BuiltinDataPaths First { get; }
    public BuiltinDataPaths Second { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>One pair of small builds shared by every test class that needs it.</summary>
[CollectionDefinition(Name)]
public sealed class SmallBuildCollection : ICollectionFixture<SmallBuildFixture>
{
    public const string Name = "built-in data small build";
}

[Collection(SmallBuildCollection.Name)]
public class BuiltinDataBuildTests(SmallBuildFixture build)
{
    private static IEnumerable<JsonElement> Rows(string path) =>
        File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement);

    /// <summary>Lower-case words (letters and digits), single spaces, a space at both ends so matches are whole words.</summary>
    private static string Normalise(string text) =>
        " " + string.Join(' ', new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)) + " ";

    [Fact]
    public void BuildingTwiceGivesByteIdenticalFiles()
    {
        var a = Directory.EnumerateFiles(build.First.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(build.First.Root, f)).Order().ToList();
        var b = Directory.EnumerateFiles(build.Second.Root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(build.Second.Root, f)).Order().ToList();
        Assert.Equal(a, b);
        Assert.Contains("manifest.json", a);
        foreach (string file in a)
            Assert.True(File.ReadAllBytes(Path.Combine(build.First.Root, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(build.Second.Root, file))), $"{file} differs between two builds");
    }

    [Fact]
    public void ManifestListsPackagesAndTheHashOfEveryOutput()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(build.First.ManifestPath));
        var root = manifest.RootElement;
        Assert.Matches(@"3\.0", root.GetProperty("packages").GetProperty("wordnet-base").GetString()!);
        var outputs = root.GetProperty("outputs").EnumerateArray().ToList();
        var files = Directory.EnumerateFiles(build.First.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(build.First.Root, f)).Where(f => f != "manifest.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, outputs.Select(o => o.GetProperty("path").GetString()));
        foreach (var output in outputs)
            Assert.Equal(BuiltinDataBuilder.Sha256(Path.Combine(build.First.Root, output.GetProperty("path").GetString()!)), output.GetProperty("sha256").GetString());
        Assert.All(root.GetProperty("inputs").EnumerateArray(), i => Assert.Equal(64, i.GetProperty("sha256").GetString()!.Length));
    }

    /// <summary>
    /// Every text that an evaluation task shows a model (queries, documents, items, pairs), except reranking
    /// negatives: they are the other senses of the word and may be training-side (docs/builtin-data.md).
    /// </summary>
    private List<string> EvaluationTexts()
    {
        var texts = new List<string>();
        foreach (string file in Directory.EnumerateFiles(build.First.SuiteFolder, "*.jsonl", SearchOption.AllDirectories))
        {
            // FOLDOC queries are bare terms ("computer aided software engineering"): names that other articles
            // mention; the held-out item is the term's definition, which is checked through corpus.jsonl.
            if (file.EndsWith(Path.Combine("FoldocTermRetrieval", "queries.jsonl"), StringComparison.Ordinal)) continue;
            foreach (var row in Rows(file))
                foreach (var name in new[] { "text", "sentences", "sentence1", "sentence2", "query", "positive" })
                    if (row.TryGetProperty(name, out var value))
                    {
                        if (value.ValueKind == JsonValueKind.Array) texts.AddRange(value.EnumerateArray().Select(v => v.GetString()!));
                        else texts.Add(value.GetString()!);
                    }
        }
        return texts;
    }

    /// <summary>Shorter texts ("he ran") are not checked; LeakageIndex documents the same bound.</summary>
    private const int LeakageMinWords = 4;

    [Fact]
    public void NoEvaluationTextAppearsInTrainingPairsOrPretrainingText()
    {
        // Independent of LeakageIndex: plain substring search over the normalised training files.
        // Each field and each document is matched on its own (joined with '|', which Normalise never produces).
        string training = string.Join("|",
            Rows(build.First.ContrastivePairsPath).Concat(Rows(build.First.ReconstructionPairsPath))
                .SelectMany(r => new[] { r.GetProperty("query").GetString()!, r.GetProperty("positive").GetString()!, r.GetProperty("negative").GetString()! })
                .Select(Normalise));
        string pretraining = string.Join("|",
            File.ReadLines(Path.Combine(build.First.PretrainingFolder, "train.txt"))
                .Concat(File.ReadLines(Path.Combine(build.First.PretrainingFolder, "heldout.txt"))).Select(Normalise));
        var texts = EvaluationTexts()
            .Select(t => t.IndexOf(": ", StringComparison.Ordinal) is int colon and > 0 && t[..colon].Split(' ').Length <= 3 ? t[(colon + 2)..] : t) // strip a "word: " prefix
            .Select(Normalise)
            .Where(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= LeakageMinWords).Distinct().ToList();
        Assert.True(texts.Count > 500, $"only {texts.Count} evaluation texts to check");
        var leaked = texts.Where(t => training.Contains(t, StringComparison.Ordinal) || pretraining.Contains(t, StringComparison.Ordinal)).Take(5).ToList();
        Assert.True(leaked.Count == 0, "evaluation text found in training data: " + string.Join(" | ", leaked));
    }

    [Fact]
    public void TrainingPairsComeFromTrainingSideSynsetsOnly()
    {
        var db = WordNetDatabase.Load(BuiltinDataSources.Debian.WordNetFolder);
        var suiteIds = new HashSet<string>(Directory.EnumerateFiles(build.First.SuiteFolder, "*.jsonl", SearchOption.AllDirectories)
            .SelectMany(Rows).SelectMany(r => new[] { "id", "_id" }.Where(k => r.TryGetProperty(k, out _)).Select(k => r.GetProperty(k).GetString()!)));
        var pairIds = Rows(build.First.ContrastivePairsPath).Select(r => r.GetProperty("id").GetString()!.Split('#')[0]).ToList();
        Assert.NotEmpty(pairIds);
        Assert.DoesNotContain(pairIds, id => suiteIds.Contains(id));
        Assert.All(pairIds.Where(id => !id.StartsWith("foldoc:")), id => Assert.True(db.TryGet(id, out _)));
    }

    [Fact]
    public void EveryQrelPointsAtAnExistingQueryAndDocument()
    {
        foreach (string qrels in Directory.EnumerateFiles(build.First.SuiteFolder, "test.tsv", SearchOption.AllDirectories))
        {
            string task = Path.GetDirectoryName(Path.GetDirectoryName(qrels))!;
            var corpus = Rows(Path.Combine(task, "corpus.jsonl")).Select(r => r.GetProperty("_id").GetString()!).ToList();
            var queries = Rows(Path.Combine(task, "queries.jsonl")).Select(r => r.GetProperty("_id").GetString()!).ToList();
            Assert.Equal(corpus.Count, corpus.Distinct().Count());
            Assert.Equal(queries.Count, queries.Distinct().Count());
            var lines = File.ReadAllLines(qrels);
            Assert.Equal("query-id\tcorpus-id\tscore", lines[0]);
            var corpusSet = corpus.ToHashSet();
            var querySet = queries.ToHashSet();
            foreach (string line in lines.Skip(1))
            {
                var f = line.Split('\t');
                Assert.Contains(f[0], querySet);
                Assert.Contains(f[1], corpusSet);
            }
            Assert.Equal(querySet, lines.Skip(1).Select(l => l.Split('\t')[0]).ToHashSet()); // every query has a judgement
        }
    }

    [Fact]
    public void TheEvaluationLoaderReadsEveryTask()
    {
        var suite = SuiteManifest.Load(build.First.SuiteFolder);
        Assert.Equal(9, suite.Tasks.Count);
        Assert.Equal(
            new[] { TaskType.Retrieval, TaskType.Retrieval, TaskType.Reranking, TaskType.Classification, TaskType.Classification, TaskType.Clustering, TaskType.Clustering, TaskType.PairClassification, TaskType.Sts },
            suite.Tasks.Select(t => t.Type));
        foreach (var task in suite.Tasks)
        {
            Assert.False(string.IsNullOrWhiteSpace(task.QueryInstruction), task.Name);
            Assert.NotNull(TaskLoader.Load(task));
        }
        Assert.Contains("Synthetic", suite.Tasks[^1].Name, StringComparison.Ordinal);
    }

    [Fact]
    public void PairClassificationIsBalancedAndStsCoversTheScoreRange()
    {
        var pairs = Rows(Path.Combine(build.First.SuiteFolder, "WordNetSameSensePairClassification", "test.jsonl")).Select(r => r.GetProperty("labels").GetInt32()).ToList();
        Assert.True(pairs.Count >= 20);
        Assert.Equal(pairs.Count(l => l == 1), pairs.Count(l => l == 0));
        var scores = Rows(Path.Combine(build.First.SuiteFolder, "WordNetWuPalmerSyntheticSTS", "test.jsonl")).Select(r => r.GetProperty("score").GetDouble()).ToList();
        Assert.All(scores, s => Assert.InRange(s, 0, 5));
        Assert.True(scores.Max() - scores.Min() > 2.5, $"scores span only {scores.Min()}..{scores.Max()}");
    }

    [Fact]
    public void WordNetSplitIsStratifiedByLexicographerFile()
    {
        var db = WordNetDatabase.Load(BuiltinDataSources.Debian.WordNetFolder);
        var context = new BuildContext(db, [], BuildOptions.Full);
        foreach (var group in db.Synsets.GroupBy(s => s.Category))
        {
            double share = group.Count(context.IsEval) / (double)group.Count();
            Assert.True(Math.Abs(share - 0.2) <= 0.5 / group.Count() + 1e-12, $"{group.Key}: eval share {share:F4} of {group.Count()}");
        }
        Assert.Equal(117_659, db.Synsets.Count); // builtin-data-sources.md §1.3
    }
}

[Collection(SmallBuildCollection.Name)]
public class BuiltinDataBaselineTests(SmallBuildFixture build)
{
    [Fact]
    public void Bm25NeitherSolvesNorFailsTheRankingTasks()
    {
        var scores = Ablation.Harness.Baselines.LexicalBaseline.Score(build.First.SuiteFolder);
        Assert.Equal(["FoldocTermRetrieval", "WordNetReverseDictionaryRetrieval", "WordNetSenseReranking"], scores.Select(s => s.Task));
        foreach (var s in scores)
        {
            Assert.InRange(s.Bm25, 0.05, 0.9);
            if (s.Measure == "ndcg_at_10") Assert.True(s.Bm25 > 5 * s.Random, $"{s.Task}: BM25 {s.Bm25:F3} vs random {s.Random:F3}");
        }
    }
}

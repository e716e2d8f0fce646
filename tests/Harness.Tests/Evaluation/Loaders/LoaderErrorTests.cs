using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Tasks;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation.Loaders;

/// <summary>Bad files give errors that name the file, the line and the column.</summary>
public class LoaderErrorTests
{
    private static string Task(string json, params (string Name, string Content)[] files)
    {
        string folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "task.json"), json);
        foreach (var (name, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(folder, name))!);
            File.WriteAllText(Path.Combine(folder, name), content);
        }
        return folder;
    }

    private static string Fails(string folder) =>
        Assert.Throws<UserInputException>(() => TaskLoader.Load(TaskManifest.Load(folder))).Message;

    [Fact]
    public void InvalidJsonLineNamesFileLineAndColumn()
    {
        string folder = Task("""{"type": "sts"}""", ("test.jsonl",
            "{\"sentence1\": \"a\", \"sentence2\": \"b\", \"score\": 1}\n\n{\"sentence1\": \"a\", \"sentence2\": \"b\" \"score\": 2}\n"));
        string message = Fails(folder);
        Assert.Contains(Path.Combine(folder, "test.jsonl"), message);
        Assert.Contains("line 3, column 37", message);
    }

    [Fact]
    public void WrongValueTypeNamesTheColumn()
    {
        string folder = Task("""{"type": "sts"}""", ("test.jsonl", "{\"sentence1\": \"a\", \"sentence2\": \"b\", \"score\": \"high\"}\n"));
        string message = Fails(folder);
        Assert.Contains("test.jsonl line 1, column 'score'", message);
        Assert.Contains("expected a number", message);
    }

    [Fact]
    public void CsvRowWithMissingFieldNamesLineAndColumn()
    {
        string folder = Task("""{"type": "pair_classification"}""", ("test.csv", "sentence1,sentence2,labels\na,b,1\nc,d\n"));
        string message = Fails(folder);
        Assert.Contains("test.csv line 3, column 3", message);
    }

    [Fact]
    public void CsvBadLabelNamesColumnNumberAndName()
    {
        string folder = Task("""{"type": "pair_classification"}""", ("test.csv", "sentence1,sentence2,labels\na,b,1\nc,d,2\n"));
        Assert.Contains("test.csv line 3, column 3 ('labels')", Fails(folder));
    }

    [Fact]
    public void QrelsWithNonIntegerGradeNamesLineAndColumn()
    {
        string folder = Task("""{"type": "retrieval"}""",
            ("corpus.jsonl", "{\"_id\": \"d1\", \"text\": \"x\"}\n"), ("queries.jsonl", "{\"_id\": \"q1\", \"text\": \"y\"}\n"),
            ("qrels/test.tsv", "query-id\tcorpus-id\tscore\nq1\td1\tvery\n"));
        Assert.Contains("test.tsv line 2, column 3", Fails(folder));
    }

    [Fact]
    public void ManifestErrorsNameTheKey()
    {
        string Message(string json)
        {
            string folder = Task(json);
            return Assert.Throws<UserInputException>(() => TaskManifest.Load(folder)).Message.Replace(Path.Combine(folder, "task.json"), "task.json");
        }
        Assert.StartsWith("task.json:1:17: $.mainscore: unknown key \"mainscore\" (did you mean \"main_score\"?); allowed in task.json: ",
            Message("""{"type": "sts", "mainscore": "x"}"""));
        Assert.Equal("task.json:1:10: $.type: \"regression\" is not allowed; expected one of: retrieval, reranking, sts, classification, clustering, pair_classification, summarization",
            Message("""{"type": "regression"}"""));
        Assert.StartsWith("task.json:1:16: invalid JSON", Message("""{"type": "sts",,}"""));
        Assert.Equal("task.json:1:46: $.max_score: max_score (1) must be greater than min_score (1); they give the range of the gold scores",
            Message("""{"type": "sts", "min_score": 1, "max_score": 1}"""));
    }

    [Fact]
    public void PairListsInOneRowAreExpanded()
    {
        string folder = Task("""{"type": "pair_classification"}""",
            ("test.jsonl", "{\"sentence1\": [\"a\", \"b\", \"c\"], \"sentence2\": [\"x\", \"y\", \"z\"], \"labels\": [1, 0, 1]}\n"));
        var data = (PairTaskData)TaskLoader.Load(TaskManifest.Load(folder));
        Assert.Equal(["a", "b", "c"], data.Sentences1);
        Assert.Equal([1.0, 0.0, 1.0], data.Gold);
    }

    [Fact]
    public void DuplicateIdsAreRejected()
    {
        string folder = Task("""{"type": "clustering"}""", ("test.jsonl", "{\"id\": 1, \"sentences\": \"a\", \"labels\": \"x\"}\n{\"id\": 1, \"sentences\": \"b\", \"labels\": \"y\"}\n"));
        Assert.Contains("id '1' appears more than once", Fails(folder));
    }

    [Fact]
    public void BeirFolderLoadsWithTitlesJoinedAndUnjudgedQueriesDropped()
    {
        var manifest = TaskManifest.Load(Path.Combine(TinySuite, "retrieval"));
        var data = (RetrievalTaskData)TaskLoader.Load(manifest);
        Assert.Equal(40, data.DocumentIds.Count);
        Assert.DoesNotContain("q-unjudged", data.QueryIds);
        Assert.StartsWith("astronomy ", data.DocumentTexts[0]);
        Assert.Equal("Retrieve passages on the same topic", manifest.QueryInstruction);
        Assert.Null(manifest.DocumentInstruction);
    }

    [Fact]
    public void TrecQrelsAndRunFilesParse()
    {
        string folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, "qrels.txt"), "q1 0 d1 1\nq1 0 d2 0\nq2 0 d3 2\n");
        File.WriteAllText(Path.Combine(folder, "run.txt"), "q1 Q0 d2 1 0.9 sys\nq1 Q0 d1 2 0.8 sys\nq2 Q0 d3 1 1.5 sys\n");
        var qrels = QrelsReader.Read(Path.Combine(folder, "qrels.txt"));
        Assert.Equal(2, qrels["q2"]["d3"]);
        var run = TrecRunReader.Read(Path.Combine(folder, "run.txt"));
        Assert.Equal(2, run["q1"].Count);
        File.WriteAllText(Path.Combine(folder, "bad.txt"), "q1 Q0 d2 1 0.9 sys\nq1 Q0 d1 2 high sys\n");
        Assert.Contains("bad.txt line 2, column 5", Assert.Throws<UserInputException>(() => TrecRunReader.Read(Path.Combine(folder, "bad.txt"))).Message);
    }

    [Fact]
    public void SuiteLocatorResolvesRegisteredNamesAndFolders()
    {
        string folder = TempFolder();
        SuiteLocator.Register("test:locator", () => folder);
        Assert.Equal(folder, SuiteLocator.Resolve("test:locator"));
        Assert.Equal(Path.GetFullPath(TinySuite), SuiteLocator.Resolve(TinySuite));
        Assert.Contains("neither a registered name", Assert.Throws<UserInputException>(() => SuiteLocator.Resolve("builtin:nothing")).Message);
    }
}

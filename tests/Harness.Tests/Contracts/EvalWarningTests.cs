using System.Text.Json.Nodes;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Contracts;

/// <summary>Item 8: results that are still meaningful but not what the user may think get a warning with counts.</summary>
public class EvalWarningTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("eval-warnings").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Qrels_naming_unknown_ids_are_counted_in_the_output_and_in_metrics_json()
    {
        string suite = Path.Combine(_dir, "suite");
        BadInputCorpusTests.CopyFolder(RepoPaths.Fixture("evaluation", "tiny-suite"), suite);
        string qrels = Path.Combine(suite, "retrieval", "qrels", "test.tsv");
        File.AppendAllText(qrels, "q0\tno-such-doc\t1\nq0\tother-missing\t1\nghost-query\td1\t1\n");
        string output = Path.Combine(_dir, "out");

        var (code, stdout, err) = Run("eval", "--model", "builtin:bow-hash:16", "--suite", suite, "--tasks", "TinyRetrieval", "--out", output, "--no-cache");

        Assert.True(code == 0, err);
        Assert.Contains("2 judgement(s) name document ids not in corpus.jsonl (e.g. 'no-such-doc')", stdout);
        Assert.Contains("1 query id(s) not in queries.jsonl (e.g. 'ghost-query')", stdout);
        var warnings = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")))!["tasks"]!["TinyRetrieval"]!["warnings"]!.AsArray();
        Assert.Equal(2, warnings.Count);
    }

    [Fact]
    public void Embed_warns_about_blank_lines_and_truncation_and_goes_through_the_pipeline()
    {
        string input = Path.Combine(_dir, "texts.txt");
        File.WriteAllText(input, "the cat sat on the mat with a hat and a bat\n\nthe cat sat on the mat with a hat and a bat\na\n");
        string output = Path.Combine(_dir, "e.npy");

        var (code, stdout, err) = Run("embed", "--model", RepoPaths.Fixture("models", "embed-tiny"), "--input", input, "--out", output,
            "--max-length", "4", "--no-cache");

        Assert.True(code == 0, err);
        Assert.Contains("1 blank line(s) (first on line 2)", stdout);
        Assert.True(stdout.Contains("warning: 1 of 3 encoded texts were longer than the model's context (4 tokens)"), stdout);
        Assert.Contains("3 texts encoded, 0 from cache, 1 duplicates", stdout);
    }

    [Fact]
    public void Embed_accepts_the_builtin_model_free_encoder()
    {
        string input = Path.Combine(_dir, "texts.txt");
        File.WriteAllText(input, "a b\nc d\n");
        var (code, stdout, err) = Run("embed", "--model", "builtin:bow-hash:8", "--input", input, "--out", Path.Combine(_dir, "e.csv"), "--no-cache");
        Assert.True(code == 0, err);
        Assert.Contains("wrote 2 embeddings of dimension 8", stdout);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(_dir, "e.csv")).Length);
    }
}

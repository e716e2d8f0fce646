using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Cli;

/// <summary><c>ablation compare</c>: JSON shape, values against scipy (tests/fixtures/stats/paired.json), file errors.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ablation-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteScores(string name, IEnumerable<(string Id, double Score)> rows) =>
        Write(name, "id,score\n" + string.Concat(rows.Select(r => $"{r.Id},{r.Score.ToString("R", CultureInfo.InvariantCulture)}\n")));

    private static JsonElement ScipyCase(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("stats", "paired.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name).Clone();
    }

    [Fact]
    public void JsonHasTheDocumentedShapeAndScipyValues()
    {
        var c = ScipyCase("continuous-25");
        var a = c.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var b = c.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var fileA = WriteScores("a.csv", a.Select((s, i) => ($"q{i}", s)));
        // B lists the same ids in reverse order: pairing is by id, not by row.
        var fileB = WriteScores("b.csv", b.Select((s, i) => ($"q{i}", s)).Reverse());

        var (code, output, err) = Run("compare", fileA, fileB, "--json", "--resamples", "2000", "--seed", "3");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(["n", "mean_a", "mean_b", "mean_diff", "ci", "tests", "effect"], root.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["low", "high", "level", "method"], root.GetProperty("ci").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(["t", "wilcoxon", "sign", "permutation", "bootstrap"], root.GetProperty("tests").EnumerateObject().Select(p => p.Name).ToArray());
        foreach (var test in root.GetProperty("tests").EnumerateObject())
        {
            Assert.True(test.Value.TryGetProperty("statistic", out _));
            Assert.True(test.Value.TryGetProperty("p_value", out _));
        }
        Assert.Equal(25, root.GetProperty("n").GetInt32());
        Assert.Equal(c.GetProperty("ttest").GetProperty("two-sided")[1].GetDouble(), root.GetProperty("tests").GetProperty("t").GetProperty("p_value").GetDouble(), 12);
        var wilcoxon = c.GetProperty("wilcoxon").EnumerateArray().First(w => w.GetProperty("zero_method").GetString() == "wilcox"
            && w.GetProperty("alternative").GetString() == "two-sided" && w.GetProperty("method").GetString() == "exact");
        Assert.Equal(wilcoxon.GetProperty("pvalue").GetDouble(), root.GetProperty("tests").GetProperty("wilcoxon").GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(c.GetProperty("sign").GetProperty("two-sided")[1].GetDouble(), root.GetProperty("tests").GetProperty("sign").GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(c.GetProperty("effect").GetProperty("cohens_dz").GetDouble(), root.GetProperty("effect").GetProperty("cohens_dz").GetDouble(), 10);
        Assert.Equal(0.95, root.GetProperty("ci").GetProperty("level").GetDouble());
    }

    [Fact]
    public void OptionsReachTheTests()
    {
        var c = ScipyCase("zeros-60");
        var a = c.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var b = c.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var fileA = WriteScores("a.csv", a.Select((s, i) => ($"q{i}", s)));
        var fileB = WriteScores("b.csv", b.Select((s, i) => ($"q{i}", s)));
        var (code, output, err) = Run("compare", fileA, fileB, "--json", "--tests", "wilcoxon", "--alternative", "less", "--zero-method", "pratt", "--resamples", "200");
        Assert.True(code == 0, err);
        var expected = c.GetProperty("wilcoxon").EnumerateArray().First(w => w.GetProperty("zero_method").GetString() == "pratt"
            && !w.GetProperty("correction").GetBoolean() && w.GetProperty("alternative").GetString() == "less" && w.GetProperty("method").GetString() == "approx");
        using var doc = JsonDocument.Parse(output);
        var tests = doc.RootElement.GetProperty("tests");
        Assert.Equal(["wilcoxon"], tests.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(expected.GetProperty("pvalue").GetDouble(), tests.GetProperty("wilcoxon").GetProperty("p_value").GetDouble(), 9);
    }

    [Fact]
    public void TableOutputNamesEveryTest()
    {
        var fileA = Write("a.csv", "id,score\nx,1\ny,2\nz,3.5\nw,4\n");
        var fileB = Write("b.csv", "id,score\nx,0.5\ny,2.5\nz,3\nw,3\n");
        var (code, output, _) = Run("compare", fileA, fileB, "--resamples", "100");
        Assert.Equal(ExitCodes.Success, code);
        foreach (var name in new[] { "t ", "wilcoxon", "sign", "permutation", "bootstrap", "Cohen's d_z", "wins / ties / losses" })
            Assert.Contains(name, output);
    }

    [Fact]
    public void MissingHeaderIsAUserErrorNamingTheFileAndLine()
    {
        var fileA = Write("a.csv", "q1,0.5\nq2,0.7\n");
        var fileB = Write("b.csv", "id,score\nq1,0.5\nq2,0.7\n");
        var (code, _, err) = Run("compare", fileA, fileB);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("a.csv line 1: missing header", err);
        Assert.Contains("id,score", err);
    }

    [Fact]
    public void DuplicateIdsAreNamedWithBothLines()
    {
        var fileA = Write("a.csv", "id,score\nq1,0.5\nq2,0.7\nq1,0.9\n");
        var fileB = Write("b.csv", "id,score\nq1,0.5\nq2,0.7\n");
        var (code, _, err) = Run("compare", fileA, fileB);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("a.csv line 4: id 'q1' appears twice (first on line 2)", err);
    }

    [Fact]
    public void MismatchedIdsAreNamedPerFile()
    {
        var fileA = Write("a.csv", "id,score\nq1,0.5\nq2,0.7\nq3,0.1\n");
        var fileB = Write("b.csv", "id,score\nq1,0.5\nq2,0.7\nq9,0.2\n");
        var (code, _, err) = Run("compare", fileA, fileB);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("1 only in", err);
        Assert.Contains("'q3'", err);
        Assert.Contains("'q9'", err);
        Assert.Single(err.Trim().Split('\n')); // one line, no stack trace
    }

    [Fact]
    public void NonNumericScoreIsNamed()
    {
        var fileA = Write("a.csv", "id,score\nq1,0.5\nq2,abc\n");
        var fileB = Write("b.csv", "id,score\nq1,0.5\nq2,0.7\n");
        var (code, _, err) = Run("compare", fileA, fileB);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("a.csv line 3: score 'abc'", err);
    }

    [Fact]
    public void BadOptionValuesAreUserErrors()
    {
        var fileA = Write("a.csv", "id,score\nq1,0.5\nq2,0.7\nq3,1\n");
        var (code, _, err) = Run("compare", fileA, fileA, "--zero-method", "drop");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("--zero-method", err);
        (code, _, err) = Run("compare", fileA, fileA, "--tests", "t,anova");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("'anova'", err);
    }

    [Fact]
    public void ColumnPicksAMetricOfAnEvalScoresFile()
    {
        var c = ScipyCase("continuous-25");
        var a = c.GetProperty("a").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var b = c.GetProperty("b").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        // Shaped like 'ablation eval' output (MTEB names, ndcg_at_10); --column ndcg@10 is accepted for it.
        string EvalFile(string name, double[] values) => Write(name,
            "id,mrr_at_10,ndcg_at_10\n" + string.Concat(values.Select((v, i) => $"q{i},0.5,{v.ToString("R", CultureInfo.InvariantCulture)}\n")));
        var fileA = EvalFile("eval-a.csv", a);
        var fileB = EvalFile("eval-b.csv", b);

        var (code, output, err) = Run("compare", fileA, fileB, "--column", "ndcg@10", "--json", "--tests", "t");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(c.GetProperty("ttest").GetProperty("two-sided")[1].GetDouble(),
            doc.RootElement.GetProperty("tests").GetProperty("t").GetProperty("p_value").GetDouble(), 12);

        (code, _, err) = Run("compare", fileA, fileB, "--column", "map@10");
        Assert.Equal(2, code);
        Assert.Contains("no column 'map@10'", err);
        Assert.Contains("ndcg_at_10", err);
    }
}

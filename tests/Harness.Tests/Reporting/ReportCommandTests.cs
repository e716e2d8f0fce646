using System.Text.Json;
using Ablation.Harness.Tests.Cli;

namespace Ablation.Harness.Tests.Reporting;

/// <summary><c>ablation report</c> end to end: a partly finished grid, user mistakes, and the atomic report folder.</summary>
public class ReportCommandTests
{
    [Fact]
    public void PartlyFinishedGrid_ReportNamesTheMissingCells_AndUsesOnlyDoneOnes()
    {
        using var dir = new TempFolder();
        new SyntheticGrid
        {
            Designs = ["base", "d1", "d2"], Seeds = 3, Items = 50, Tasks = [("Retrieval1", "retrieval"), ("Sts1", "sts")],
            Unfinished = { [("d1", 2)] = "failed", [("d2", 3)] = "running", [("d2", 1)] = "pending" },
        }.Write(dir.Path, seed: 9);
        var (code, output, err) = CliRun.Run("report", dir.Path, "--resamples", "199", "--no-figures");
        Assert.True(code == 0, err);
        Assert.Contains("3 of 9 cells missing", output);

        string md = File.ReadAllText(Path.Combine(dir.Path, "report", "report.md"));
        Assert.Contains("This grid is not finished", md);
        foreach (var (id, state) in new[] { ("d1-s2", "failed"), ("d2-s3", "running"), ("d2-s1", "pending") })
            Assert.Matches($@"\| {id} \| d\d \| \d \| {state} \|", md);
        Assert.Contains("out of memory in stage contrastive", md);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "report", "report.json")));
        var missing = json.RootElement.GetProperty("missing_cells").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Order().ToArray();
        Assert.Equal(["d1-s2", "d2-s1", "d2-s3"], missing);
        var d1 = json.RootElement.GetProperty("comparisons").EnumerateArray().First(c => c.GetProperty("a").GetString() == "d1");
        Assert.Equal(2, d1.GetProperty("seeds").GetProperty("a").GetInt32());
        Assert.Equal(3, d1.GetProperty("seeds").GetProperty("b").GetInt32());
        var d2 = json.RootElement.GetProperty("comparisons").EnumerateArray().First(c => c.GetProperty("a").GetString() == "d2");
        Assert.Equal(1, d2.GetProperty("seeds").GetProperty("a").GetInt32());
    }

    [Fact]
    public void Report_WritesEveryOutput_AndReplacesAnOldReportWhole()
    {
        using var dir = new TempFolder();
        new SyntheticGrid { Designs = ["base", "d1", "d2"], Items = 40, Tasks = SyntheticGrid.AllTypes }.Write(dir.Path, seed: 4);
        string report = Path.Combine(dir.Path, "report");
        Directory.CreateDirectory(report);
        File.WriteAllText(Path.Combine(report, "stale.txt"), "from an older report");
        var (code, _, err) = CliRun.Run("report", dir.Path, "--resamples", "199");
        Assert.True(code == 0, err);
        Assert.False(File.Exists(Path.Combine(report, "stale.txt")));
        foreach (var f in new[] { "report.md", "report.html", "report.json", "tables/comparisons.tex", "tables/comparisons.csv", "tables/paper-a.tex",
                     "tables/scores.csv", "tables/power.csv", "tables/ranks.tex", "figures/forest.png", "figures/forest.svg", "figures/forest.pdf",
                     "figures/heatmap.png", "figures/cd-diagram.svg", "figures/training-contrastive.png" })
            Assert.True(File.Exists(Path.Combine(report, f)), $"missing {f}");
        Assert.DoesNotContain(Directory.GetDirectories(dir.Path), d => Path.GetFileName(d).StartsWith('.'));   // no staging left behind

        string html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.Contains("data:image/png;base64,", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));   // self-contained
        Assert.DoesNotContain("https://", html);
        string tex = File.ReadAllText(Path.Combine(report, "tables", "comparisons.tex"));
        Assert.Contains("\\toprule", tex);
        Assert.Contains("\\bottomrule", tex);
        // Every p-value in the Markdown comparisons table sits beside its test, unit and n.
        string md = File.ReadAllText(Path.Combine(report, "report.md"));
        var rows = md.Split('\n').Where(l => l.StartsWith("| Retrieval1 | ndcg_at_10 |")).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Matches(@"\| paired t-test on seed-averaged per-item scores \| query \| 40 \| 2/2 \| (<)?\d\.\d{4} \|", r));
    }

    [Theory]
    [InlineData(new[] { "--baseline", "nope" }, "--baseline: no design 'nope'")]
    [InlineData(new[] { "--correction", "fdr-magic" }, "--correction: unknown value 'fdr-magic'")]
    [InlineData(new[] { "--alpha", "1.5" }, "--alpha must lie strictly between 0 and 1")]
    [InlineData(new[] { "--resamples", "10" }, "--resamples must be at least 100")]
    public void UserMistakes_ExitWithCode2_AndOneLineSayingWhatAndHow(string[] extra, string expected)
    {
        using var dir = new TempFolder();
        new SyntheticGrid { Designs = ["base", "d1"], Items = 20, Tasks = [("Retrieval1", "retrieval")] }.Write(dir.Path, seed: 1);
        var (code, _, err) = CliRun.Run(["report", dir.Path, "--no-figures", .. extra]);
        Assert.Equal(2, code);
        Assert.Contains(expected, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void NotAResultsFolder_IsAUserError()
    {
        using var dir = new TempFolder();
        var (code, _, err) = CliRun.Run("report", Path.Combine(dir.Path, "nothing-here"));
        Assert.Equal(2, code);
        Assert.Contains("results folder not found", err);
        var (code2, _, err2) = CliRun.Run("figures", dir.Path);
        Assert.Equal(2, code2);
        Assert.Contains("neither grid.json nor cells/ found", err2);
    }

    [Fact]
    public void SameSeed_GivesTheSameReportBytes()
    {
        using var dir = new TempFolder();
        new SyntheticGrid { Designs = ["base", "d1", "d2"], Items = 50, Tasks = SyntheticGrid.AllTypes }.Write(dir.Path, seed: 8);
        Assert.Equal(0, CliRun.Run("report", dir.Path, "--resamples", "299", "--no-figures", "--threads", "2").Code);
        string first = File.ReadAllText(Path.Combine(dir.Path, "report", "report.json"));
        Assert.Equal(0, CliRun.Run("report", dir.Path, "--resamples", "299", "--no-figures", "--threads", "1").Code);
        Assert.Equal(first, File.ReadAllText(Path.Combine(dir.Path, "report", "report.json")));
    }
}

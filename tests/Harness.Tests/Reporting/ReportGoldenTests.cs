using Ablation.Harness.Tests.Cli;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Reporting;

/// <summary>
/// report.json of a fixed synthetic grid, byte for byte, against the one the report wrote before its speed-ups
/// (tests/fixtures/reporting/golden-report.json, written by commit 07cc957): a faster evaluation of the resampling
/// statistics must not change a single number. The grid has every statistic's paths: tied and untied Spearman
/// columns, AP columns that rank the pairs alike and differently, V-measure, means; all pairs of four designs.
/// </summary>
public class ReportGoldenTests
{
    [Fact]
    public void ReportJson_OfTheGoldenGrid_IsByteForByteTheFixture()
    {
        using var dir = new TempFolder();
        new SyntheticGrid
        {
            Designs = ["base", "d1", "d2", "d3"], Seeds = 3, Items = 160, DistinctPairColumns = true,
            Tasks = [.. SyntheticGrid.AllTypes, ("StsTied", "sts"), ("PairTied", "pair_classification"), ("Retrieval2", "retrieval")],
            Tied = ["StsTied", "PairTied", "Retrieval2"],
            Planted = { [("d1", "Retrieval1")] = 0.08, [("d2", "Sts1")] = 0.3, [("d3", "PairClassification1")] = 0.3 },
        }.Write(dir.Path, seed: 41);
        var (code, _, err) = CliRun.Run("report", dir.Path, "--all-pairs", "--resamples", "1999", "--score-resamples", "700", "--seed", "5", "--no-figures");
        Assert.True(code == 0, err);
        // The results folder is a temporary path (and the grid is named after it): those two lines are normalised.
        string actual = File.ReadAllText(Path.Combine(dir.Path, "report", "report.json"))
            .Replace(System.Text.Json.JsonEncodedText.Encode(dir.Path).ToString(), "<results>").Replace(Path.GetFileName(dir.Path), "<name>");
        // Regenerating (only when the report's numbers are meant to change): ABLATION_REPORT_GOLDEN_OUT=<file>.
        if (Environment.GetEnvironmentVariable("ABLATION_REPORT_GOLDEN_OUT") is { Length: > 0 } output) File.WriteAllText(output, actual);
        string expected = File.ReadAllText(RepoPaths.Fixture("reporting", "golden-report.json"));
        Assert.Contains("\"results\": \"<results>\"", expected);
        Assert.Contains("\"name\": \"<name>\"", expected);
        Assert.Equal(expected, actual);
    }
}

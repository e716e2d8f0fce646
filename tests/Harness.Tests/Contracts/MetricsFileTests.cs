using System.Text.Json.Nodes;
using Ablation.Harness.Cli;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Tests.Reporting;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Contracts;

/// <summary>
/// Issue 15 item 17: metrics.json has a format version and one reader (<see cref="MetricsFile"/>) that eval, status,
/// the runner summary and the report all use; a newer format is one clear error, an older file without the field reads.
/// </summary>
public class MetricsFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metrics-file").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly string TinySuite = RepoPaths.Fixture("evaluation", "tiny-suite");

    private string Evaluated()
    {
        string output = Path.Combine(_root, "eval");
        var (code, _, stderr) = Run("eval", "--model", "builtin:bow-hash:16", "--suite", TinySuite, "--tasks", "TinySTS,TinyClustering",
            "--out", output, "--no-cache");
        Assert.True(code == ExitCodes.Success, stderr);
        return output;
    }

    [Fact]
    public void Eval_writes_the_current_format_and_the_reader_returns_what_the_file_says()
    {
        string output = Evaluated();
        string path = Path.Combine(output, MetricsFile.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(MetricsFile.CurrentFormat, json["format"]!.GetValue<int>());
        Assert.Equal("format", json.AsObject().First().Key);

        var file = MetricsFile.Read(path);
        Assert.Equal(json["model"]!.GetValue<string>(), file.Model);
        Assert.Equal(["TinySTS", "TinyClustering"], file.Tasks.Select(t => t.Name));
        foreach (var task in file.Tasks)
        {
            var entry = json["tasks"]![task.Name]!;
            Assert.Equal(entry["main_score"]!.GetValue<double>(), task.MainScore);
            Assert.Equal(entry["main_score_name"]!.GetValue<string>(), task.MainScoreName);
            Assert.Equal(entry["n_items"]!.GetValue<int>(), task.Items);
            Assert.Equal(entry["scores"]!.AsObject().Select(p => p.Key), task.Scores.Select(s => s.Key));
            Assert.Equal(File.ReadAllLines(Path.Combine(output, task.ScoresFile)).Length - 1, task.Items);
        }
        // Writing what was read gives the same bytes.
        string again = Path.Combine(_root, "again.json");
        file.Write(again);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(again));
    }

    [Fact]
    public void A_file_without_format_reads_as_format_1()
    {
        string output = Evaluated();
        string path = Path.Combine(output, MetricsFile.FileName);
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json.Remove("format");
        File.WriteAllText(path, json.ToJsonString());
        var file = MetricsFile.Read(path);
        Assert.Equal(1, file.Format);
        Assert.Equal(2, file.Tasks.Count);
        // eval adds to such a folder (the merge reads it) and writes the format.
        var (code, _, stderr) = Run("eval", "--model", "builtin:bow-hash:16", "--suite", TinySuite, "--tasks", "TinySTS", "--out", output, "--no-cache");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Equal(MetricsFile.CurrentFormat, MetricsFile.Read(path).Format);
        Assert.Equal(["TinyClustering", "TinySTS"], MetricsFile.Read(path).Tasks.Select(t => t.Name));
    }

    private static void SetFormat(string path, int format)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json.Remove("format");
        var copy = new JsonObject { ["format"] = format };
        foreach (var (key, value) in json) copy[key] = value?.DeepClone();
        File.WriteAllText(path, copy.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    [Fact]
    public void A_newer_format_is_one_clear_error_in_eval()
    {
        string output = Evaluated();
        string path = Path.Combine(output, MetricsFile.FileName);
        SetFormat(path, 2);
        var error = Assert.Throws<UserInputException>(() => MetricsFile.Read(path));
        Assert.Equal($"{path}:2:13: $.format: format 2 is newer than this ablation reads (1); it was written by a newer ablation: update ablation to read it", error.Message);

        var before = File.ReadAllText(path);
        var (code, _, stderr) = Run("eval", "--model", "builtin:bow-hash:16", "--suite", TinySuite, "--tasks", "TinySTS", "--out", output, "--no-cache");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal($"error: --out '{output}': {error.Message}; choose an empty or new folder, or delete {path}", stderr.Trim());
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Fact]
    public void A_newer_format_in_a_cell_stops_the_report_and_status_shows_no_scores()
    {
        using var dir = new TempFolder();
        new SyntheticGrid { Designs = ["base", "d1"], Seeds = 1, Items = 20, Tasks = [("Sts1", "sts")] }.Write(dir.Path, seed: 3);
        string cell = Path.Combine(dir.Path, "cells", SyntheticGrid.CellId("d1", 1), MetricsFile.FileName);
        Assert.Single(MetricsFile.Read(cell).Tasks); // the synthetic file has no format field: format 1
        SetFormat(cell, 7);

        var (code, _, stderr) = Run("report", dir.Path, "--resamples", "199", "--no-figures");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal($"error: {cell}:2:13: $.format: format 7 is newer than this ablation reads (1); it was written by a newer ablation: update ablation to read it",
            stderr.Trim());
        Assert.Empty(new Ablation.Harness.Runner.CellFolder(Path.GetDirectoryName(cell)!).ReadMainScores());
    }

    [Fact]
    public void Unknown_keys_and_wrong_types_name_the_place()
    {
        string path = Path.Combine(_root, MetricsFile.FileName);
        File.WriteAllText(path, "{\n  \"model\": \"m\",\n  \"tasks\": {\n    \"T\": { \"type\": \"sts\", \"main_score_name\": \"spearman\", \"unit\": \"pair\", \"scores_file\": \"scores/T.csv\", \"n_item\": 3 }\n  }\n}");
        var e1 = Assert.Throws<UserInputException>(() => MetricsFile.Read(path));
        Assert.StartsWith($"{path}:4:105: $.tasks.T.n_item: unknown key \"n_item\" (did you mean \"n_items\"?)", e1.Message);

        File.WriteAllText(path, "{ \"model\": \"m\", \"tasks\": { \"T\": { \"type\": \"sts\", \"main_score_name\": \"spearman\", \"unit\": \"pair\", \"scores_file\": \"s.csv\", \"main_score\": \"0.5\" } } }");
        var e2 = Assert.Throws<UserInputException>(() => MetricsFile.Read(path));
        Assert.Equal($"{path}:1:135: $.tasks.T.main_score: \"0.5\" is not allowed; expected a number", e2.Message);
    }
}

using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Harness.Runner;
using static Ablation.Harness.Tests.Cli.CliRun;
using static Ablation.Harness.Tests.Runner.RunnerFixtures;

namespace Ablation.Harness.Tests.Runner;

/// <summary><c>ablation status</c> over a results folder with one cell in each state.</summary>
public class StatusCommandTests
{
    [Fact]
    public void StatusShowsEveryStateProgressErrorAndScores()
    {
        string results = TempFolder();
        var broken = Design("mean", "causal", baseModel: Path.Combine(results, "missing-base"));
        var grid = MakeGrid("status", [Design("mean", "bidirectional"), broken, Design("eos_last", "causal"), Design("eos_last", "bidirectional")], 7);
        string doneId = grid.Cells[0].Id, failedId = grid.Cells[1].Id, runningId = grid.Cells[2].Id, partialId = grid.Cells[3].Id;
        var folder = new ResultsFolder(results);
        folder.Write(grid);
        // A live owner (this test process) holds one cell; another has trained 3 steps (its train-metrics.csv).
        File.WriteAllText(Path.Combine(results, "cells", runningId, CellLock.FileName), LockOwner.Current().ToJson());
        File.WriteAllText(Path.Combine(results, "cells", partialId, "train-metrics.csv"),
            "stage,step,loss,lr,grad_norm,tokens_per_s,seconds\ncontrastive,1,2.1,1e-4,1,100,1\ncontrastive,2,2.0,1e-4,1,100,1\ncontrastive,3,1.9,1e-4,1,100,1\n");
        var done = Run("run-cell", folder.Cell(doneId).Path);
        Assert.True(done.Code == ExitCodes.Success, done.Out + done.Err);
        Assert.Equal(ExitCodes.UserError, Run("run-cell", folder.Cell(failedId).Path).Code);

        var (code, text, error) = Run("status", results);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("(grid status): 4 cells: 1 done, 1 running, 1 failed, 1 pending", text);
        var lines = text.Split('\n');
        string Line(string id) => lines.Single(l => l.TrimStart().StartsWith(id, StringComparison.Ordinal));
        Assert.Matches(@"mean-bidirectional\s+7\s+done\s+2 tasks, mean main score \d\.\d{4}", Line(doneId));
        Assert.Contains("failed", Line(failedId));
        Assert.Contains("missing-base", Line(failedId));
        Assert.Contains($"running   pid {Environment.ProcessId} on {Environment.MachineName}", Line(runningId));
        Assert.Contains($"pending   partial: contrastive step 3/{Steps}", Line(partialId));

        var (jsonCode, json, _) = Run("status", results, "--json");
        Assert.Equal(ExitCodes.Success, jsonCode);
        using var document = JsonDocument.Parse(json);
        var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        Assert.Equal(1, document.RootElement.GetProperty("counts").GetProperty("done").GetInt32());
        Assert.Equal("done", cells[doneId].GetProperty("state").GetString());
        // Main scores are metrics.json's, task by task.
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "cells", doneId, "metrics.json")));
        foreach (string task in Tasks)
            Assert.Equal(metrics.RootElement.GetProperty("tasks").GetProperty(task).GetProperty("main_score").GetDouble(),
                cells[doneId].GetProperty("main_scores").GetProperty(task).GetDouble());
        Assert.Equal("failed", cells[failedId].GetProperty("state").GetString());
        Assert.Contains("missing-base", cells[failedId].GetProperty("error").GetString());
        Assert.Equal(Environment.ProcessId, cells[runningId].GetProperty("owner").GetProperty("pid").GetInt32());
        Assert.Equal(3, cells[partialId].GetProperty("progress").GetProperty("step").GetInt32());
        Assert.Equal(Steps, cells[partialId].GetProperty("progress").GetProperty("stage_steps").GetInt32());
        Assert.Equal(7, cells[partialId].GetProperty("seed").GetInt32());
    }

    [Fact]
    public void StatusOfAFolderThatIsNoResultsFolderIsAUserError()
    {
        var (code, _, error) = Run("status", Path.Combine(TempFolder(), "nope"));
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("does not exist", error);
        var (empty, _, emptyError) = Run("status", TempFolder());
        Assert.Equal(ExitCodes.UserError, empty);
        Assert.Contains("has neither grid.json nor cells/", emptyError);
    }
}

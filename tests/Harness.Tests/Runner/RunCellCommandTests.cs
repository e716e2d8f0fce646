using System.Diagnostics;
using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Harness.Runner;
using static Ablation.Harness.Tests.Cli.CliRun;
using static Ablation.Harness.Tests.Runner.RunnerFixtures;

namespace Ablation.Harness.Tests.Runner;

/// <summary><c>ablation run-cell</c>: outputs, DONE last, FAILED on error, locks, and restarts after SIGKILL.</summary>
public class RunCellCommandTests
{
    private static CellFolder OneCell(string results, (string Design, System.Text.Json.Nodes.JsonObject Settings) design, int seed = 1)
    {
        var grid = MakeGrid("one", [design], seed);
        new ResultsFolder(results).Write(grid);
        return new ResultsFolder(results).Cell(grid.Cells[0].Id);
    }

    [Fact]
    public void RunCellWritesEvalOutputsAndDoneAndIsIdempotent()
    {
        var cell = OneCell(TempFolder(), Design("mean", "bidirectional"));
        var (code, output, error) = Run("run-cell", cell.Path);
        Assert.True(code == ExitCodes.Success, error + output);
        Assert.True(cell.IsDone);
        Assert.False(File.Exists(Path.Combine(cell.Path, CellLock.FileName)));
        foreach (string task in Tasks)
        {
            Assert.True(File.Exists(Path.Combine(cell.Path, "scores", task + ".csv")));
            Assert.True(File.Exists(Path.Combine(cell.Path, "mteb", task + ".json")));
        }
        // DONE is written last: nothing in the folder is newer.
        var done = File.GetLastWriteTimeUtc(cell.DoneFile);
        Assert.All(Directory.GetFiles(cell.Path, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".log") && !f.EndsWith("DONE")),
            f => Assert.True(File.GetLastWriteTimeUtc(f) <= done, f));
        using var metrics = JsonDocument.Parse(File.ReadAllText(cell.Metrics));
        // The trained cell folder is the model that was evaluated, at the grid's evaluation settings.
        Assert.Equal($"{cell.Path}#max_length=64,batch_size=32", metrics.RootElement.GetProperty("model").GetString());
        Assert.True(File.Exists(Path.Combine(cell.Path, "embedding_config.json")));
        Assert.Equal(Steps + 1, File.ReadAllLines(cell.TrainMetrics).Length);
        Assert.Equal(Tasks.Order(), metrics.RootElement.GetProperty("tasks").EnumerateObject().Select(t => t.Name).Order());

        var (again, againOutput, _) = Run("run-cell", cell.Path);
        Assert.Equal(ExitCodes.Success, again);
        Assert.Contains("already done", againOutput);
        Assert.Equal(1, Starts(Path.GetDirectoryName(Path.GetDirectoryName(cell.Path))!, cell.Id));
    }

    [Fact]
    public void RunCellOnALockedCellIsBusyAndTouchesNothing()
    {
        var cell = OneCell(TempFolder(), Design("mean", "bidirectional"));
        File.WriteAllText(Path.Combine(cell.Path, CellLock.FileName), new LockOwner(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow).ToJson());
        var (code, output, _) = Run("run-cell", cell.Path);
        Assert.Equal(CellWorker.BusyExitCode, code);
        Assert.Contains("busy, locked by pid", output);
        Assert.False(File.Exists(cell.RunLog));
        Assert.False(File.Exists(cell.TrainLog));
        Assert.False(cell.IsDone);
    }

    [Fact]
    public void RunCellWritesFailedWithTheFirstLineAndAUserErrorCode()
    {
        string results = TempFolder();
        var cell = OneCell(results, Design("mean", "causal", baseModel: Path.Combine(results, "absent")));
        var (code, _, _) = Run("run-cell", cell.Path);
        Assert.Equal(ExitCodes.UserError, code);
        using var failed = JsonDocument.Parse(File.ReadAllText(cell.FailedFile));
        string first = failed.RootElement.GetProperty("error").GetString()!;
        Assert.DoesNotContain('\n', first);
        Assert.Contains("absent", first);
        Assert.False(cell.IsDone);
        Assert.False(File.Exists(Path.Combine(cell.Path, CellLock.FileName)));

        var (missing, _, error) = Run("run-cell", Path.Combine(results, "cells", "nope"));
        Assert.Equal(ExitCodes.UserError, missing);
        Assert.Contains("does not exist", error);
    }

    /// <summary>Runs <c>ablation run-cell</c> as its own process and returns its exit code.</summary>
    internal static int RunProcess(string cellFolder)
    {
        using var process = WorkerLauncher.ForThisHarness().Start(new CellFolder(cellFolder), workers: 1);
        process.WaitForExit();
        return process.ExitCode;
    }
}

using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Harness.Runner;
using static Ablation.Harness.Tests.Runner.RunnerFixtures;

namespace Ablation.Harness.Tests.Runner;

/// <summary><c>ablation run</c> end to end on zero-shot cells: failures, retries, concurrent runners, edited grids, interruption.</summary>
public class GridRunnerTests
{
    [Fact]
    public void FailingCellIsIsolatedAndOnlyItIsRetried()
    {
        string results = TempFolder();
        var broken = Design("mean", "causal", baseModel: Path.Combine(results, "no-such-checkpoint"));
        var grid = MakeGrid("failing", [Design("mean", "bidirectional"), Design("eos_last", "causal"), broken], 1);
        var good = grid.Cells.Where(c => c.Design != broken.Design).ToList();
        var bad = grid.Cells.Where(c => c.Design == broken.Design).ToList();

        var (code, output) = Run(grid, new RunRequest { Out = results, Workers = 2 });
        Assert.Equal(ExitCodes.Failure, code);
        foreach (var cell in good)
        {
            Assert.True(File.Exists(Path.Combine(results, "cells", cell.Id, "DONE")), output);
            Assert.False(File.Exists(Path.Combine(results, "cells", cell.Id, "FAILED")));
        }
        foreach (var cell in bad)
        {
            using var failed = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "cells", cell.Id, "FAILED")));
            Assert.Contains("no-such-checkpoint", failed.RootElement.GetProperty("error").GetString());
            Assert.False(File.Exists(Path.Combine(results, "cells", cell.Id, "DONE")));
            Assert.False(File.Exists(Path.Combine(results, "cells", cell.Id, "lock")));
        }
        Assert.All(grid.Cells, c => Assert.Equal(1, Starts(results, c.Id)));
        Assert.Contains("--retry-failed", output);
        // The summary has both working designs and no finished seed of the broken one.
        Assert.Contains("mean-bidirectional (n=1)", output);
        Assert.Contains("eos_last-causal (n=1)", output);
        Assert.Contains("mean-causal-broken (n=0)", output);

        // Without --retry-failed nothing runs; with it, only the failed cells run again.
        var (again, againOutput) = Run(grid, new RunRequest { Out = results, Workers = 2 });
        Assert.Equal(ExitCodes.Failure, again);
        Assert.Contains("nothing to run", againOutput);
        Assert.All(grid.Cells, c => Assert.Equal(1, Starts(results, c.Id)));

        var (retry, retryOutput) = Run(grid, new RunRequest { Out = results, Workers = 2, RetryFailed = true });
        Assert.Equal(ExitCodes.Failure, retry);
        Assert.Contains("retrying a failed cell", retryOutput);
        Assert.All(good, c => Assert.Equal(1, Starts(results, c.Id)));
        Assert.All(bad, c => Assert.Equal(2, Starts(results, c.Id)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ConcurrentRunnersRunEveryCellExactlyOnce(int runners)
    {
        string results = TempFolder();
        var grid = MakeGrid("concurrent", [Design("mean", "bidirectional"), Design("eos_last", "causal"), Design("mean", "causal")], 1);
        var runs = Enumerable.Range(0, runners)
            .Select(_ => Task.Run(() => Run(grid, new RunRequest { Out = results, Workers = 2 }))).ToArray();
        Task.WaitAll(runs);
        foreach (var run in runs) Assert.True(run.Result.Code == ExitCodes.Success, run.Result.Out);
        Assert.All(grid.Cells, c => Assert.Equal(1, Starts(results, c.Id)));
        Assert.All(grid.Cells, c => Assert.True(File.Exists(Path.Combine(results, "cells", c.Id, "DONE"))));
        Assert.Empty(Directory.GetFiles(results, "lock", SearchOption.AllDirectories));
    }

    [Fact]
    public void EditedGridRunsOnlyNewCellsAndListsCellsThatLeftIt()
    {
        string results = TempFolder();
        var kept = Design("mean", "bidirectional");
        var dropped = Design("eos_last", "causal");
        var first = MakeGrid("edited", [kept, dropped], 1);
        Assert.Equal(ExitCodes.Success, Run(first, new RunRequest { Out = results }).Code);

        var second = MakeGrid("edited", [kept, Design("mean", "causal")], 1);
        var (code, output) = Run(second, new RunRequest { Out = results });
        Assert.True(code == ExitCodes.Success, output);
        string droppedId = first.Cells.Single(c => c.Design == dropped.Design).Id;
        string keptId = first.Cells.Single(c => c.Design == kept.Design).Id;
        string newId = second.Cells.Single(c => c.Design == "mean-causal").Id;
        Assert.Equal(1, Starts(results, keptId));
        Assert.Equal(1, Starts(results, droppedId));
        Assert.Equal(1, Starts(results, newId));
        Assert.Contains("1 cell(s)", output);
        Assert.Contains($"{droppedId}: eos_last-causal seed 1 (done)", output);
        using var gridJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "grid.json")));
        Assert.Equal(new[] { keptId, newId }.Order(), gridJson.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public void CellOfAnotherProcessThatDiesUnfinishedIsTakenOver()
    {
        string results = TempFolder();
        var grid = MakeGrid("orphaned", [Design("mean", "bidirectional")], 1);
        new ResultsFolder(results).Write(grid);
        // Another "runner" (a process that lives 3 s) holds the cell's lock, then dies without finishing it.
        using var other = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "3") { UseShellExecute = false })!;
        string cell = Path.Combine(results, "cells", grid.Cells[0].Id);
        File.WriteAllText(Path.Combine(cell, CellLock.FileName), new LockOwner(other.Id, Environment.MachineName, DateTimeOffset.UtcNow).ToJson());

        var (code, output) = Run(grid, new RunRequest { Out = results });
        Assert.True(code == ExitCodes.Success, output);
        Assert.Contains($"being run by pid {other.Id}", output);
        Assert.Contains("its other process stopped before finishing; taking it over", output);
        Assert.Contains($"took over the lock of pid {other.Id}", File.ReadAllText(Path.Combine(cell, "run.log")));
        Assert.Equal(1, Starts(results, grid.Cells[0].Id));
    }

    [Fact]
    public void BadGridOrOptionIsAUserErrorAndWritesNothing()
    {
        string folder = TempFolder();
        string results = Path.Combine(folder, "out");
        string bad = Path.Combine(folder, "bad.json");
        File.WriteAllText(bad, "{\n  \"name\": \"bad\",\n  \"designs\": { \"A\": { \"pooling\": \"nope\" } }\n}\n");
        var (code, _, error) = Cli.CliRun.Run("run", bad, "--out", results);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("bad.json:3", error);
        Assert.Contains("nope", error);
        Assert.False(Directory.Exists(results));

        string good = WriteGrid("good", [Design("mean", "causal")], [1], folder);
        var (workers, _, workersError) = Cli.CliRun.Run("run", good, "--out", results, "--workers", "0");
        Assert.Equal(ExitCodes.UserError, workers);
        Assert.Contains("--workers must be at least 1, not 0", workersError);
        Assert.False(Directory.Exists(results));
    }

    [Fact]
    public void DryRunPrintsThePlanAndWritesNothing()
    {
        string results = Path.Combine(TempFolder(), "out");
        var grid = MakeGrid("dry", [Design("mean", "bidirectional"), Design("eos_last", "causal")], 1, 2, 3);
        var (code, output) = Run(grid, new RunRequest { Out = results, DryRun = true, Workers = 2 });
        Assert.Equal(ExitCodes.Success, code);
        Assert.False(Directory.Exists(results));
        Assert.Contains("6 cells, 2 designs × 3 seeds", output);
        Assert.Contains("0 done, 0 failed, 0 running, 6 pending", output);
        // No cell has finished, so the estimate is the documented rough rate: 35 s of evaluation per untrained cell.
        Assert.Contains("6 cell(s) to run with 2 worker(s): ≈ 1.8 min wall time (rough rate;", output);
    }

    [Fact]
    public void InterruptedRunStopsWorkersKeepsNoLocksAndResumes()
    {
        string results = TempFolder();
        var grid = MakeGrid("interrupted", [Design("mean", "bidirectional"), Design("eos_last", "causal")], 1);
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => Run(grid, new RunRequest { Out = results, Workers = 2 }, cancel.Token));
        // Cancel once the first workers have started.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (grid.Cells.All(c => Starts(results, c.Id) == 0) && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(50);
        cancel.Cancel();
        var (code, output) = run.Result;
        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains($"resume with: ablation run {grid.Source} --out {results}", output);
        Assert.Empty(Directory.GetFiles(results, "FAILED", SearchOption.AllDirectories));
        Assert.True(grid.Cells.Count(c => File.Exists(Path.Combine(results, "cells", c.Id, "DONE"))) < grid.Cells.Count, output);
        // Locks are released or belong to dead processes, so the next run takes every cell.
        var (resumed, resumedOutput) = Run(grid, new RunRequest { Out = results, Workers = 2 });
        Assert.True(resumed == ExitCodes.Success, resumedOutput);
        Assert.All(grid.Cells, c => Assert.True(File.Exists(Path.Combine(results, "cells", c.Id, "DONE"))));
        Assert.Empty(Directory.GetFiles(results, "lock", SearchOption.AllDirectories));
    }
}

using Ablation.Harness.Runner;
using Ablation.Harness.Runner.Slurm;
using Xunit;

namespace Ablation.Harness.Tests.Runner.Slurm;

/// <summary>
/// Grids through the real single-node cluster: the same cells as the local executor runs, the same results, retries
/// of failed cells by the finish job, no cell run twice by two submissions.
/// </summary>
[Collection(SlurmCollection.Name)]
public class SlurmExecutorTests(SlurmCluster cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(6);

    [Fact]
    public void AMicroGridThroughSlurmGivesTheSameScoresAsALocalRun()
    {
        var grid = GridLoader.Load(RunnerFixtures.WriteGrid("slurm-micro",
            [RunnerFixtures.Design("eos_last", "causal"), RunnerFixtures.Design("mean", "bidirectional")], [1], baseline: "eos_last-causal"));
        string local = RunnerFixtures.TempFolder(), slurm = RunnerFixtures.TempFolder();
        var (localCode, localOut) = RunnerFixtures.Run(grid, new RunRequest { Out = local });
        Assert.True(localCode == 0, localOut);

        var output = new StringWriter();
        Assert.Equal(0, SlurmExecutor.Submit(grid, new RunRequest { Out = slurm }, new SlurmOptions { CpusPerTask = 1, MaxParallel = 2 }, output));
        Assert.Contains("submitted job array", output.ToString());
        WaitForFinished(slurm);

        foreach (var cell in grid.Cells)
        {
            Assert.True(File.Exists(Path.Combine(slurm, "cells", cell.Id, "DONE")), $"cell {cell.Id} not done; {Logs(slurm)}");
            foreach (var task in RunnerFixtures.Tasks)
                Assert.Equal(File.ReadAllText(Path.Combine(local, "cells", cell.Id, "scores", $"{task}.csv")),
                             File.ReadAllText(Path.Combine(slurm, "cells", cell.Id, "scores", $"{task}.csv")));
            Assert.Equal(1, RunnerFixtures.Starts(slurm, cell.Id));
        }
        // The finish job wrote the significance report once every cell was done.
        Assert.True(File.Exists(Path.Combine(slurm, "report", "report.json")), Logs(slurm));
        // The status command maps every cell to its array task.
        var rows = SlurmStatus.Read(slurm)!;
        Assert.Equal(grid.Cells.Select(c => c.Id).Order(), rows.Select(r => r.CellId).Order());
        Assert.All(rows, r => Assert.Matches(@"^\d+_[01]$", r.Task));
    }

    [Fact]
    public void AFailingCellIsRetriedUpToTheLimitAndTheOthersFinish()
    {
        var grid = RunnerFixtures.MakeGrid("slurm-retry",
            [RunnerFixtures.Design("eos_last", "causal"), RunnerFixtures.Design("eos_last", "causal", baseModel: "/nonexistent/checkpoint")], 1);
        string slurm = RunnerFixtures.TempFolder();
        Assert.Equal(0, SlurmExecutor.Submit(grid, new RunRequest { Out = slurm }, new SlurmOptions { CpusPerTask = 1, MaxAttempts = 2 }, new StringWriter()));
        WaitForFinished(slurm);

        var ledger = SlurmLedger.Load(slurm);
        Assert.Equal(2, ledger.Submissions.Count);                       // the first attempt, then one retry of the failing cell
        var broken = grid.Cells.Single(c => c.Design.EndsWith("-broken", StringComparison.Ordinal));
        var good = grid.Cells.Single(c => c != broken);
        Assert.Equal([broken.Id], ledger.Submissions[1].Cells);
        Assert.Equal(2, RunnerFixtures.Starts(slurm, broken.Id));
        Assert.Equal(1, RunnerFixtures.Starts(slurm, good.Id));
        Assert.True(File.Exists(Path.Combine(slurm, "cells", good.Id, "DONE")));
        Assert.True(File.Exists(Path.Combine(slurm, "cells", broken.Id, "FAILED")));
        // FINISHED is written only by the last finish job, once no cell is left to retry.
        Assert.Contains("\"failed\": 1", File.ReadAllText(Path.Combine(slurm, "slurm", "FINISHED")));
        Assert.Contains("failed after 2 attempt(s)", Logs(slurm));
        // A grid without a baseline: the finish job says how to write the report instead of failing.
        Assert.Contains("report not written", Logs(slurm));
        Assert.Contains("--baseline DESIGN", Logs(slurm));
    }

    [Fact]
    public void TwoSubmissionsOfTheSameGridRunEachCellOnce()
    {
        var grid = RunnerFixtures.MakeGrid("slurm-twice", [RunnerFixtures.Design("eos_last", "causal"), RunnerFixtures.Design("mean", "causal")], 1, 2);
        string slurm = RunnerFixtures.TempFolder();
        var first = new StringWriter();
        var second = new StringWriter();
        Assert.Equal(0, SlurmExecutor.Submit(grid, new RunRequest { Out = slurm }, new SlurmOptions { CpusPerTask = 1, MaxParallel = 1 }, first));
        Assert.Equal(0, SlurmExecutor.Submit(grid, new RunRequest { Out = slurm }, new SlurmOptions { CpusPerTask = 1, MaxParallel = 1 }, second));
        WaitForFinished(slurm);
        foreach (var cell in grid.Cells) Assert.Equal(1, RunnerFixtures.Starts(slurm, cell.Id));
        Assert.Contains("already queued or running in Slurm; not submitted again", second.ToString());
    }

    [Fact]
    public void DryRunPrintsTheScriptsAndSubmitsNothing()
    {
        var grid = RunnerFixtures.MakeGrid("slurm-dry", [RunnerFixtures.Design("eos_last", "causal")], 1, 2, 3);
        string slurm = RunnerFixtures.TempFolder();
        var output = new StringWriter();
        Assert.Equal(0, SlurmExecutor.Submit(grid, new RunRequest { Out = slurm, DryRun = true },
            new SlurmOptions { Partition = "gpu", GpusPerTask = 1, MaxParallel = 2 }, output));
        string text = output.ToString();
        Assert.Contains("#SBATCH --array=0-2%2", text);
        Assert.Contains("#SBATCH --gpus-per-task=1", text);
        Assert.Contains("slurm-finish", text);
        Assert.False(Directory.Exists(Path.Combine(slurm, "slurm")));
        Assert.False(Directory.Exists(Path.Combine(slurm, "cells")));
        Assert.True(cluster.UpSeconds < 120);
    }

    internal static void WaitForFinished(string results)
    {
        var finished = Path.Combine(results, "slurm", "FINISHED");
        var until = DateTime.UtcNow + Deadline;
        while (!File.Exists(finished))
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"grid in {results} not finished after {Deadline.TotalMinutes} min; {Logs(results)}");
            Thread.Sleep(500);
        }
    }

    internal static string Logs(string results)
    {
        var logs = Path.Combine(results, "slurm", "logs");
        return !Directory.Exists(logs) ? "no logs" : string.Join("\n", Directory.EnumerateFiles(logs).Order().Select(f => $"== {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));
    }
}

/// <summary>A trained cell whose array task is requeued mid-training resumes from its checkpoint and ends identical.</summary>
[Collection(SlurmCollection.Name)]
public class SlurmRequeueTests(SlurmCluster cluster)
{
    [Fact]
    [Trait("Category", "Long")]
    public void ARequeuedTaskResumesFromItsCheckpointAndEndsIdentical()
    {
        const int steps = 40;
        var defaults = new System.Text.Json.Nodes.JsonObject
        {
            ["contrastive"] = new System.Text.Json.Nodes.JsonObject { ["steps"] = steps, ["batch"] = 4, ["warmup_steps"] = 1, ["checkpoint_every"] = 2 },
        };
        string folder = RunnerFixtures.TempFolder();
        var grid = GridLoader.Load(RunnerFixtures.WriteGrid("slurm-requeue", [RunnerFixtures.Design("mean", "causal")], [1], folder, defaults));
        string local = Path.Combine(folder, "local"), slurm = Path.Combine(folder, "slurm");
        var (localCode, localOut) = RunnerFixtures.Run(grid, new RunRequest { Out = local });
        Assert.True(localCode == 0, localOut);

        Assert.Equal(0, SlurmExecutor.Submit(grid, new RunRequest { Out = slurm }, new SlurmOptions { CpusPerTask = 1 }, new StringWriter()));
        var cell = grid.Cells.Single();
        var metrics = Path.Combine(slurm, "cells", cell.Id, "train-metrics.csv");
        var until = DateTime.UtcNow.AddMinutes(3);
        while (!(File.Exists(metrics) && File.ReadAllLines(metrics).Length > 8))
        {
            Assert.True(DateTime.UtcNow < until, "training did not start in time");
            Thread.Sleep(100);
        }
        Assert.False(File.Exists(Path.Combine(slurm, "cells", cell.Id, "DONE")), "the cell finished before it could be requeued; make it longer");
        var task = SlurmLedger.Load(slurm).LatestTask(cell.Id)!;
        var requeue = System.Diagnostics.Process.Start("scontrol", ["requeue", task])!;
        requeue.WaitForExit();
        Assert.Equal(0, requeue.ExitCode);

        SlurmExecutorTests.WaitForFinished(slurm);
        string cellFolder = Path.Combine(slurm, "cells", cell.Id), localCell = Path.Combine(local, "cells", cell.Id);
        Assert.True(File.Exists(Path.Combine(cellFolder, "DONE")), SlurmExecutorTests.Logs(slurm));
        Assert.Equal(2, RunnerFixtures.Starts(slurm, cell.Id));                        // the first attempt, then the requeued one
        Assert.Contains("restart 1", SlurmExecutorTests.Logs(slurm));
        Assert.Contains("resum", File.ReadAllText(Path.Combine(cellFolder, "train.log")), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(File.ReadAllBytes(Path.Combine(localCell, "adapter_model.safetensors")), File.ReadAllBytes(Path.Combine(cellFolder, "adapter_model.safetensors")));
        foreach (var t in RunnerFixtures.Tasks)
            Assert.Equal(File.ReadAllText(Path.Combine(localCell, "scores", $"{t}.csv")), File.ReadAllText(Path.Combine(cellFolder, "scores", $"{t}.csv")));
        Assert.True(cluster.UpSeconds > 0);
    }
}

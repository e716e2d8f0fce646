using Ablation.Harness.Cli;
using Ablation.Harness.Data;
using Ablation.Harness.Pretraining;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>
/// <c>ablation run</c>: prints the plan, writes the results layout, builds the shared parts (built-in data, base
/// models) once, runs the cells in worker processes, and prints the outcome and a summary table. Exit 0 when every
/// cell of the grid is done, 1 otherwise, 130 when interrupted.
/// </summary>
public static class GridRunner
{
    public static int Run(GridToRun grid, RunRequest request, TextWriter output, CancellationToken cancel, WorkerLauncher? launcher = null)
    {
        if (request.Workers < 1) throw new UserInputException($"--workers must be at least 1, not {request.Workers}");
        var results = new ResultsFolder(request.Out ?? Path.Combine("results", grid.Name));
        var plan = Plan(grid, results, request);
        plan.Write(output);
        if (request.DryRun)
        {
            output.WriteLine("dry run: nothing written or run");
            return ExitCodes.Success;
        }

        results.Write(grid);
        var toRun = plan.ToRun;
        if (toRun.Any(c => c.State != CellState.Running))
            PrepareShared(toRun.Select(c => plan.Specs[c.Id]), output);
        var describe = DescribeCells(grid);
        var executor = new LocalExecutor(launcher ?? WorkerLauncher.ForThisHarness(), request.Workers, output);
        var outcome = executor.Run(toRun.Select(c => results.Cell(c.Id)).ToList(), cell => describe(cell.Id), cancel);

        var final = Statuses(grid, results);
        if (outcome.WasInterrupted)
        {
            int done = final.Count(c => c.State == CellState.Done);
            int partial = final.Count(c => c.State != CellState.Done && (c.HasCheckpoint || c.Progress != null));
            output.WriteLine($"interrupted: {done} of {final.Count} cells are done and kept; {partial} unfinished cell(s) keep their checkpoints.");
            output.WriteLine($"resume with: ablation run {grid.Source} --out {results.Root}");
            return ExitCodes.Interrupted;
        }

        GridReport.Write(results, output);
        var failed = final.Where(c => c.State == CellState.Failed).ToList();
        var notDone = final.Where(c => c.State != CellState.Done).ToList();
        output.WriteLine($"run: {final.Count - notDone.Count} of {final.Count} cells done, {failed.Count} failed; results in {results.Root}");
        foreach (var cell in failed)
            output.WriteLine($"  failed: {describe(cell.Id)}: {cell.Error} (logs in {results.Cell(cell.Id).Path}: run.log, train.log, worker.log)");
        if (failed.Count > 0)
            output.WriteLine($"  rerun the failed cells with: ablation run {grid.Source} --out {results.Root} --retry-failed");
        foreach (var cell in notDone.Where(c => c.State != CellState.Failed))
            output.WriteLine($"  not done: {describe(cell.Id)}: {cell.State.ToString().ToLowerInvariant()}{(cell.Owner != null ? $" by {cell.Owner.Describe()}" : "")}");
        return notDone.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>The plan of <paramref name="grid"/> against what is on disk in <paramref name="results"/>; writes nothing.</summary>
    public static RunPlan Plan(GridToRun grid, ResultsFolder results, RunRequest request)
    {
        var specs = grid.Cells.ToDictionary(c => c.Id, c => CellSpecReader.Parse(c.ConfigJson, $"{grid.Source}: cell {c.Id} ({c.Design}, seed {c.Seed})"));
        var ids = grid.Cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        return new RunPlan
        {
            Grid = grid,
            Results = results,
            Cells = Statuses(grid, results),
            Specs = specs,
            Orphans = results.CellIdsOnDisk().Where(id => !ids.Contains(id)).Select(id => results.Cell(id).ReadStatus()).ToList(),
            Request = request,
        };
    }

    private static List<CellStatus> Statuses(GridToRun grid, ResultsFolder results) =>
        grid.Cells.Select(c => results.Cell(c.Id).ReadStatus() with { Design = c.Design, Seed = c.Seed }).ToList();

    private static Func<string, string> DescribeCells(GridToRun grid)
    {
        var byId = grid.Cells.ToDictionary(c => c.Id);
        return id => byId.TryGetValue(id, out var c) ? $"{c.Design} seed {c.Seed} ({id})" : id;
    }

    /// <summary>Builds what every worker would otherwise race to build: the built-in data and built-in base models.</summary>
    internal static void PrepareShared(IEnumerable<ModelSpec> specs, TextWriter output)
    {
        var list = specs.ToList();
        void Log(string message) => output.WriteLine($"  {message}");
        bool builtinData = list.Any(s => s.Data.EvalSuite.StartsWith("builtin:", StringComparison.Ordinal)
                                         || (s.Stages.Count > 0 && (s.Data.Train.StartsWith("builtin:", StringComparison.Ordinal)
                                                                    || s.Data.ReconstructionTrain?.StartsWith("builtin:", StringComparison.Ordinal) == true)));
        if (builtinData)
        {
            output.WriteLine("shared: built-in data");
            BuiltinData.EnsureBuilt(Log);
        }
        foreach (var model in list.Select(s => s.Base.Model).Where(m => m.StartsWith("builtin:", StringComparison.Ordinal)).Distinct())
        {
            output.WriteLine($"shared: base model {model}");
            BaseModels.Resolve(model, Log);
        }
    }
}

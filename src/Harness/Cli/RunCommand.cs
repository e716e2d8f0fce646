using System.CommandLine;
using System.Runtime.InteropServices;
using Ablation.Harness.Runner;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation run &lt;grid.json&gt; [--out DIR] [--workers N] [--dry-run] [--retry-failed]</c>: validates the grid,
/// prints the plan and runs every pending cell in worker processes (docs/running.md), or submits them to Slurm with
/// <c>--executor slurm</c> (docs/slurm.md).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var grid = new Argument<string>("grid") { Description = "Grid file (docs/grid-format.md), e.g. experiments/quickstart.json." };
        var output = new Option<string?>("--out") { Description = "Results folder (default: results/<grid name>)." };
        var workers = new Option<int>("--workers") { Description = "Cells run at once, each in its own process.", DefaultValueFactory = _ => 1 };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and print the plan; write and run nothing." };
        var retryFailed = new Option<bool>("--retry-failed") { Description = "Also rerun cells whose last attempt failed (otherwise they are reported and skipped)." };
        var slurm = new SlurmCommandOptions();
        var command = new Command("run", "Train and evaluate every cell of a grid, resumably, in worker processes; print a summary.");
        command.Arguments.Add(grid);
        command.Options.Add(output);
        command.Options.Add(workers);
        command.Options.Add(dryRun);
        command.Options.Add(retryFailed);
        slurm.AddTo(command);
        command.SetAction(parse =>
        {
            var request = new RunRequest
            {
                Out = parse.GetValue(output),
                Workers = parse.GetValue(workers),
                DryRun = parse.GetValue(dryRun),
                RetryFailed = parse.GetValue(retryFailed),
            };
            if (request.Workers < 1) throw new UserInputException($"--workers must be at least 1, not {request.Workers}");
            var executor = slurm.Executor(parse);
            var plan = GridLoader.Load(parse.GetValue(grid)!); // validates the whole file before anything is written
            if (executor == ExecutorKind.Slurm) return Runner.Slurm.SlurmExecutor.Submit(plan, request, slurm.Options(parse), parse.InvocationConfiguration.Output);
            using var cancel = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; cancel.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });
            return GridRunner.Run(plan, request, parse.InvocationConfiguration.Output, cancel.Token);
        });
        return command;
    }
}

using System.CommandLine;
using System.Runtime.InteropServices;
using Ablation.Harness.Runner;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation run-cell &lt;cell folder&gt;</c>: trains and evaluates one grid cell (the unit local workers and
/// Slurm array tasks call). Exit 0 done, 1 failed, 2 bad input, 75 busy (another process holds the lock), 130 interrupted.
/// </summary>
public static class RunCellCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("cell") { Description = "A cell folder, <results>/cells/<cell-id>, as written by `ablation run`." };
        var command = new Command("run-cell", "Train and evaluate one grid cell (resuming), writing DONE or FAILED into its folder.");
        command.Arguments.Add(folder);
        command.SetAction(parse =>
        {
            using var cancel = new CancellationTokenSource();
            // SIGINT/SIGTERM: stop at the next step or task boundary, release the lock, keep the checkpoint.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; cancel.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cancel.Cancel(); });
            return CellWorker.Run(parse.GetValue(folder)!, parse.InvocationConfiguration.Output, cancel.Token);
        });
        return command;
    }
}

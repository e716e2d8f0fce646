using System.CommandLine;
using Ablation.Harness.Runner.Slurm;

namespace Ablation.Harness.Cli;

/// <summary><c>ablation cancel &lt;results dir&gt;</c>: cancels the Slurm jobs submitted for a grid's results folder.</summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("results") { Description = "A results folder a grid was submitted to Slurm for." };
        var command = new Command("cancel", "Cancel the Slurm jobs of a grid (finished cells are kept; interrupted ones resume later).");
        command.Arguments.Add(folder);
        command.SetAction(parse => SlurmExecutor.Cancel(parse.GetValue(folder)!, parse.InvocationConfiguration.Output));
        return command;
    }
}

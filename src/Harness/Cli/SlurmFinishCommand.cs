using System.CommandLine;
using Ablation.Harness.Runner.Slurm;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation slurm-finish &lt;results dir&gt; --attempt N</c>: the finish job of a Slurm submission (docs/slurm.md).
/// Resubmits cells that are not done and have attempts left, or writes the report when the grid is finished.
/// </summary>
public static class SlurmFinishCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("results") { Description = "The grid's results folder." };
        var attempt = new Option<int>("--attempt") { Description = "The submission whose array just ended.", Required = true };
        var command = new Command("slurm-finish", "Run by the Slurm finish job: retry failed cells or write the report.");
        command.Arguments.Add(folder);
        command.Options.Add(attempt);
        command.SetAction(parse => SlurmExecutor.Finish(parse.GetValue(folder)!, parse.GetValue(attempt), parse.InvocationConfiguration.Output));
        return command;
    }
}

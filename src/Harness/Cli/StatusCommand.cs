using System.CommandLine;
using Ablation.Harness.Runner;

namespace Ablation.Harness.Cli;

/// <summary><c>ablation status &lt;results dir&gt; [--json]</c>: state, progress, errors and main scores of every cell.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("results") { Description = "A grid's results folder (the --out of `ablation run`, default results/<grid name>)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("status", "Show every cell of a grid's results folder: design, seed, state, progress, error, main scores.");
        command.Arguments.Add(folder);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var report = StatusReport.Read(parse.GetValue(folder)!);
            if (parse.GetValue(json)) report.WriteJson(parse.InvocationConfiguration.Output);
            else
            {
                report.WriteText(parse.InvocationConfiguration.Output);
                Runner.Slurm.SlurmStatus.WriteText(parse.GetValue(folder)!, parse.InvocationConfiguration.Output);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}

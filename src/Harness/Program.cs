using System.CommandLine;
using Ablation.Harness.Cli;

namespace Ablation.Harness;

/// <summary>Composition root of the <c>ablation</c> command: it only wires commands together.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var signals = Interruption.Install(Console.Error);
        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>Runs the command line with the given writers; tests call this directly.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRootCommand();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) return ErrorReporter.ReportParseErrors(parsed, stderr);
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception error)
        {
            return ErrorReporter.Report(error, stderr);
        }
    }

    /// <summary>The full command tree. One line per command; each command lives in its own file under Cli/.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand(
            "Ablation: train LLM-based embedding models that differ in one design choice, evaluate them on " +
            "MTEB-style tasks, and compare them with paired statistics.");
        // Commands (keep this list sorted; one line each):
        root.Subcommands.Add(AdjustCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(BaseModelCommand.Create());
        root.Subcommands.Add(CancelCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(EmbedCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(FiguresCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(RunCellCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ScoreRunCommand.Create());
        root.Subcommands.Add(SlurmFinishCommand.Create());
        root.Subcommands.Add(SmokeCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        return root;
    }
}

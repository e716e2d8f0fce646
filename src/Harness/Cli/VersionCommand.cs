using System.CommandLine;
using System.Reflection;

namespace Ablation.Harness.Cli;

/// <summary><c>ablation version</c>: prints the harness version (recorded in every result file).</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the harness version.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(HarnessVersion);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The informational version of this build.</summary>
    public static string HarnessVersion =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? "0.0.0";
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Ablation.Harness.Data;
using Ablation.Harness.IO;

namespace Ablation.Harness.Cli;

/// <summary>
/// The exit-code contract in one place: turns a parse error or an exception that escaped a command into one
/// line on stderr and an exit code (<see cref="ExitCodes"/>). User mistakes never show a stack trace; internal
/// failures do, because then the trace is what a maintainer needs.
/// </summary>
/// <remarks>
/// A user mistake is an exception raised as one: <see cref="UserInputException"/>, a data file that does not parse
/// (<see cref="DataFormatException"/>, <see cref="InvalidDataException"/>), a model producing NaN
/// (<see cref="NonFiniteValueException"/>), or the environment refusing a path (missing file or folder, permission,
/// read-only or full file system: <see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>).
/// <see cref="ArgumentException"/> and <see cref="FormatException"/> from our own code are bugs (a method called
/// wrongly), not user errors: code that parses user input catches them and raises a <see cref="UserInputException"/>
/// naming the option or file.
/// </remarks>
public static partial class ErrorReporter
{
    /// <summary>Prints <paramref name="error"/> and returns the exit code the process should end with.</summary>
    public static int Report(Exception error, TextWriter stderr)
    {
        while (error is AggregateException { InnerExceptions.Count: 1 } aggregate) error = aggregate.InnerExceptions[0];
        if (error is System.Reflection.TargetInvocationException { InnerException: { } inner }) error = inner;

        switch (error)
        {
            case OperationCanceledException:
                // A command that stopped gracefully on a signal: the signal handler has already said what was kept.
                if (Interruption.Received is null) stderr.WriteLine($"error: {Interruption.Message("cancelled")}");
                return Interruption.ExitCode;
            case Training.TrainingDivergedException:
                // The run failed (not the input): one line, as the trainer's message says which step and what to lower.
                stderr.WriteLine($"error: {OneLine(error.Message)}");
                return ExitCodes.Failure;
            case UserInputException or DataFormatException or InvalidDataException or NonFiniteValueException
                or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException:
                stderr.WriteLine($"error: {OneLine(error.Message)}");
                return ExitCodes.UserError;
            case OutOfMemoryException or InsufficientExecutionStackException:
                stderr.WriteLine("error: out of memory; lower the sizes of this run (e.g. --resamples, --batch-size, max_length) or free memory");
                return ExitCodes.Failure;
            default:
                stderr.WriteLine($"error: {OneLine(error.Message)}");
                stderr.WriteLine($"(internal failure of type {error.GetType().FullName}; please report it with the details that follow)");
                stderr.WriteLine(error.ToString());
                return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// Command-line parse errors: the first error as one line in plain words (never a .NET type name), where to
    /// look for help, exit code 2. No help text is dumped.
    /// </summary>
    public static int ReportParseErrors(ParseResult parsed, TextWriter stderr)
    {
        // An unknown option explains the other errors (a misspelt option leaves a required one "missing"): report it first.
        var first = parsed.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parsed.Errors[0];
        string command = string.Join(' ', CommandPath(parsed.CommandResult));
        stderr.WriteLine($"error: {Plain(first.Message)} (see '{command} --help')");
        return ExitCodes.UserError;
    }

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r != null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Parent is null ? "ablation" : c.Command.Name);
        return names;
    }

    /// <summary>System.CommandLine's messages with the .NET type names replaced by what the user must type.</summary>
    internal static string Plain(string message)
    {
        string text = TypeName().Replace(message, m => m.Groups[1].Value switch
        {
            "System.Int32" => "a whole number between -2147483648 and 2147483647",
            "System.Int64" => "a whole number",
            "System.UInt64" or "System.UInt32" => "a whole number that is not negative",
            "System.Double" or "System.Single" => "a number (use '.' as the decimal point)",
            "System.Boolean" => "true or false",
            var other => other[(other.LastIndexOf('.') + 1)..],
        });
        return OneLine(text.Replace("as expected type ", "as ", StringComparison.Ordinal));
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"'(System\.[A-Za-z0-9_.`]+)'")]
    private static partial Regex TypeName();
}

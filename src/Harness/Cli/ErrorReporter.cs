namespace Ablation.Harness.Cli;

/// <summary>
/// Turns an exception that escaped a command into one clear line on stderr and an exit code.
/// User mistakes (bad files, bad arguments) never show a stack trace; unexpected failures do, because
/// then the trace is what a maintainer needs.
/// </summary>
public static class ErrorReporter
{
    /// <summary>Prints <paramref name="error"/> and returns the exit code the process should end with.</summary>
    public static int Report(Exception error, TextWriter stderr)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } aggregate)
            error = aggregate.InnerExceptions[0];

        switch (error)
        {
            case OperationCanceledException:
                stderr.WriteLine("error: interrupted; work finished so far is kept on disk.");
                return ExitCodes.Interrupted;
            case Training.TrainingDivergedException:
                stderr.WriteLine($"error: {error.Message}");
                return ExitCodes.Failure;
            case UserInputException
                or FileNotFoundException
                or DirectoryNotFoundException
                or InvalidDataException
                or FormatException
                or ArgumentException:
                stderr.WriteLine($"error: {error.Message}");
                return ExitCodes.UserError;
            default:
                stderr.WriteLine($"error: {error.Message}");
                stderr.WriteLine($"(internal failure of type {error.GetType().FullName}; details follow)");
                stderr.WriteLine(error.StackTrace);
                return ExitCodes.Failure;
        }
    }
}

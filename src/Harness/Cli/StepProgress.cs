using Spectre.Console;

namespace Ablation.Harness.Cli;

/// <summary>
/// The progress bar of step-by-step training (pretraining, training stages): a Spectre bar with description,
/// percentage and remaining time when writing to an interactive terminal; nothing otherwise (the loops then log
/// plain lines).
/// </summary>
public static class StepProgress
{
    /// <summary>
    /// Runs <paramref name="work"/>, giving it a callback (null when there is no terminal) that moves the bar to
    /// step <c>done</c> of <paramref name="total"/> and sets its description.
    /// </summary>
    public static T Run<T>(TextWriter output, string label, int total, Func<Action<int, string>?, T> work)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
            return work(null);
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(label, autoStart: true, maxValue: total);
                result = work((done, description) =>
                {
                    task.Value = done;
                    task.Description = Markup.Escape(description);
                });
            });
        return result;
    }
}

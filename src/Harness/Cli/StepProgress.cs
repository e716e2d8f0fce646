using Ablation.Harness.IO;

namespace Ablation.Harness.Cli;

/// <summary>
/// The progress bar of step-by-step training (pretraining, training stages), drawn by <see cref="ConsoleProgress"/>
/// (the one terminal check): a bar with description, percentage and remaining time on an interactive terminal;
/// nothing otherwise (the loops then log plain lines).
/// </summary>
public static class StepProgress
{
    /// <summary>
    /// Runs <paramref name="work"/>, giving it a callback (null when there is no terminal) that moves the bar to
    /// step <c>done</c> of <paramref name="total"/> and sets its description.
    /// </summary>
    public static T Run<T>(TextWriter output, string label, int total, Func<Action<int, string>?, T> work)
    {
        if (!ConsoleProgress.IsInteractive(output)) return work(null);
        return ConsoleProgress.Run(output, label, total, progress => work((done, description) =>
        {
            progress.Set(done);
            progress.Describe(description);
        }));
    }
}

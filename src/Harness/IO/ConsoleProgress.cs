using Spectre.Console;

namespace Ablation.Harness.IO;

/// <summary>
/// The one progress-bar mechanism: a bar on stdout when it is an interactive terminal, nothing otherwise (logs,
/// pipes, tests). Every long piece of work (encoding, pretraining, training, a grid) goes through
/// <see cref="Run{T}"/>, so "is this a terminal" is decided in exactly one place (<see cref="IsInteractive"/>).
/// </summary>
public static class ConsoleProgress
{
    /// <summary>True when bars can be drawn on <paramref name="output"/>: it is the process's stdout, stdout is not redirected, and the console is interactive.</summary>
    public static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// Runs <paramref name="work"/> with a bar labelled <paramref name="label"/> going to <paramref name="total"/>.
    /// <paramref name="showRate"/> adds an items-per-second column. When <paramref name="output"/> is not an
    /// interactive terminal, <paramref name="work"/> gets a handle that does nothing.
    /// </summary>
    public static T Run<T>(TextWriter output, string label, double total, Func<ProgressHandle, T> work, bool showRate = false)
    {
        if (!IsInteractive(output)) return work(ProgressHandle.Silent);
        T result = default!;
        var columns = new List<ProgressColumn> { new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn() };
        if (showRate) columns.Add(new ItemsPerSecondColumn());
        columns.Add(new RemainingTimeColumn());
        AnsiConsole.Progress().AutoClear(true).Columns([.. columns]).Start(context =>
        {
            var task = context.AddTask(label, autoStart: true, maxValue: Math.Max(total, 1));
            result = work(new ProgressHandle(task));
        });
        return result;
    }

    /// <summary><see cref="Run{T}"/> for work without a result.</summary>
    public static void Run(TextWriter output, string label, double total, Action<ProgressHandle> work, bool showRate = false) =>
        Run(output, label, total, handle => { work(handle); return 0; }, showRate);
}

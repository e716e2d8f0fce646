using Spectre.Console;

namespace Ablation.Harness.IO;

/// <summary>What a piece of work under <see cref="ConsoleProgress"/> reports to; does nothing when no bar is drawn.</summary>
public sealed class ProgressHandle
{
    private readonly ProgressTask? _task;

    internal ProgressHandle(ProgressTask? task) => _task = task;

    /// <summary>A handle that draws nothing (not a terminal).</summary>
    public static ProgressHandle Silent { get; } = new(null);

    /// <summary>Adds <paramref name="amount"/> done.</summary>
    public void Advance(double amount) => _task?.Increment(amount);

    /// <summary>Changes the amount that means "done" (when it is known only once the work started).</summary>
    public void SetTotal(double total) { if (_task != null) _task.MaxValue = Math.Max(total, 1); }

    /// <summary>Sets the amount done.</summary>
    public void Set(double value) { if (_task != null) _task.Value = value; }

    /// <summary>Replaces the label (e.g. with the current loss).</summary>
    public void Describe(string text) { if (_task != null) _task.Description = Markup.Escape(text); }
}

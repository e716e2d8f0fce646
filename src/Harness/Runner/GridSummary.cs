using System.Globalization;

namespace Ablation.Harness.Runner;

/// <summary>
/// The table <c>ablation run</c> prints at the end: each task's main score per design, the mean over the design's
/// finished seeds (n in the header), and the mean over tasks. <c>ablation report</c> gives the full statistics.
/// </summary>
public static class GridSummary
{
    public static void Write(IReadOnlyList<CellStatus> cells, TextWriter output)
    {
        var done = cells.Where(c => c.State == CellState.Done && c.Design != null).ToList();
        if (done.Count == 0)
        {
            output.WriteLine("summary: no finished cells yet");
            return;
        }
        var designs = cells.Where(c => c.Design != null).Select(c => c.Design!).Distinct().ToList();
        var tasks = done.SelectMany(c => c.MainScores.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var columns = designs.Select(d => (Design: d, Cells: done.Where(c => c.Design == d).ToList())).ToList();
        int taskWidth = Math.Max(12, tasks.Select(t => t.Length).DefaultIfEmpty(0).Max());
        var headers = columns.Select(c => $"{c.Design} (n={c.Cells.Count})").ToList();
        var widths = headers.Select(h => Math.Max(8, h.Length)).ToList();

        output.WriteLine("summary: main score per task, mean over finished seeds (ablation report compares them with statistics)");
        output.WriteLine("  " + "task".PadRight(taskWidth) + string.Concat(headers.Select((h, i) => "  " + h.PadLeft(widths[i]))));
        foreach (var task in tasks)
            output.WriteLine("  " + task.PadRight(taskWidth) + string.Concat(columns.Select((c, i) => "  " + Cell(Mean(c.Cells, task)).PadLeft(widths[i]))));
        output.WriteLine("  " + "mean".PadRight(taskWidth) + string.Concat(columns.Select((c, i) =>
        {
            var means = tasks.Select(t => Mean(c.Cells, t)).ToList();
            return "  " + Cell(means.All(m => m != null) && means.Count > 0 ? means.Average(m => m!.Value) : null).PadLeft(widths[i]);
        })));
    }

    /// <summary>Mean main score of <paramref name="task"/> over the cells that have it, or null when none does.</summary>
    private static double? Mean(List<CellStatus> cells, string task)
    {
        var values = cells.Select(c => c.MainScores.TryGetValue(task, out var v) ? v : null).Where(v => v != null).ToList();
        return values.Count == 0 ? null : values.Average(v => v!.Value);
    }

    private static string Cell(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "—";
}

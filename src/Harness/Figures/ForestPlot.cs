using Ablation.Harness.Reporting;
using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Forest plot: every design's difference to the baseline per task with its confidence interval, tasks grouped
/// by category (category name above its group), one horizontal CI bar per comparison; comparisons significant
/// after correction are drawn in red with a filled marker, the others dark with an open marker.
/// </summary>
public static class ForestPlot
{
    public const string Stem = "forest";

    /// <summary>Above this many rows the report also draws one forest plot per category (forest-&lt;category&gt;), which fit a column.</summary>
    public const int MaxRowsForOneFigure = 60;

    public static string CategoryStem(string category) => Stem + "-" + category.Replace(' ', '-');

    /// <summary>Rows of the full forest plot (one per comparison vs the baseline).</summary>
    public static int Rows(ReportModel m) => m.Comparisons.Count(c => c.B == m.Baseline);

    /// <param name="m">The report model.</param>
    /// <param name="category">Only this category's tasks (null: all).</param>
    public static (Plot Plot, int Width, int Height)? Create(ReportModel m, string? category = null)
    {
        var comps = m.Comparisons.Where(c => c.B == m.Baseline && (category is null || c.Category == category)).ToList();
        if (comps.Count == 0) return null;
        var designs = m.Designs.Where(d => d != m.Baseline && comps.Any(c => c.A == d)).ToList();
        var plot = new Plot();
        var tickPositions = new List<double>();
        var tickLabels = new List<string>();
        double y = 0;
        var categoryHeaders = new List<(double Y, string Name)>();
        foreach (var group in m.Tasks.Select(t => t.Category).Distinct().OrderBy(ReportCategories.Rank))
        {
            var tasks = m.Tasks.Where(t => t.Category == group && comps.Any(c => c.Task == t.Name)).ToList();
            if (tasks.Count == 0) continue;
            categoryHeaders.Add((y, group.ToUpperInvariant()));
            y -= 1;
            foreach (var task in tasks)
            {
                double start = y;
                foreach (var design in designs)
                {
                    var c = comps.FirstOrDefault(x => x.Task == task.Name && x.A == design);
                    if (c is null) continue;
                    var color = c.Significant ? FigureStyle.Significant : FigureStyle.NotSignificant;
                    var bar = plot.Add.Line(c.CiLow, y, c.CiHigh, y);
                    bar.LineWidth = FigureStyle.CiBarWidth;
                    bar.LineColor = color;
                    bar.MarkerSize = 0;
                    var marker = plot.Add.Marker(c.MeanDiff, y, FigureStyle.DesignMarker(designs.IndexOf(design), filled: c.Significant), 7, FigureStyle.DesignColor(designs.IndexOf(design)));
                    marker.LineWidth = 1.5f;
                    y -= 1;
                }
                tickPositions.Add((start + y + 1) / 2);
                tickLabels.Add(task.Name);
                y -= 0.5;
            }
        }
        double bottom = y;
        double xMin = comps.Min(c => c.CiLow), xMax = comps.Max(c => c.CiHigh);
        double pad = Math.Max(1e-6, (Math.Max(xMax, 0) - Math.Min(xMin, 0)) * 0.08);
        double left = Math.Min(xMin, 0) - pad, right = Math.Max(xMax, 0) + pad;
        foreach (var (hy, name) in categoryHeaders)
        {
            var text = plot.Add.Text(name, left, hy);
            text.LabelStyle.FontSize = FigureStyle.FontSize - 1;
            text.LabelStyle.Bold = true;
            text.LabelStyle.Alignment = Alignment.MiddleLeft;
            text.LabelStyle.ForeColor = Colors.DimGray;
        }
        // Legend inside the frame below the last row, drawn in data coordinates: ScottPlot's legend panel is
        // measured too small in SVG export and loses its last row when it holds many designs.
        var entries = designs.Select((d, i) => (Text: d, Index: i)).ToList();
        int legendRows = (entries.Count + 1 + 1) / 2;
        double legendTop = bottom - 0.3;
        for (int k = 0; k <= entries.Count; k++)
        {
            double ly = legendTop - 1.1 * (k / 2);
            double lx = left + (right - left) * (k % 2 == 0 ? 0.04 : 0.52);
            double dx = (right - left) * 0.035;
            string label;
            if (k < entries.Count)
            {
                plot.Add.Marker(lx, ly, FigureStyle.DesignMarker(entries[k].Index), 7, FigureStyle.DesignColor(entries[k].Index));
                label = entries[k].Text;
            }
            else
            {
                var sample = plot.Add.Line(lx - dx * 0.6, ly, lx + dx * 0.6, ly);
                sample.LineColor = FigureStyle.Significant; sample.LineWidth = FigureStyle.CiBarWidth; sample.MarkerSize = 0;
                label = $"significant ({ReportBuilder.CorrectionName(m.Options.Correction)})";
            }
            var text = plot.Add.Text(label, lx + dx, ly);
            text.LabelStyle.Alignment = Alignment.MiddleLeft;
            text.LabelStyle.FontSize = FigureStyle.FontSize - 1;
            text.LabelStyle.ForeColor = Colors.Black;
        }
        double separator = bottom + 0.2;
        var zero = plot.Add.Line(0, separator, 0, 0.8);
        zero.LineColor = Colors.Gray; zero.LineWidth = 1; zero.MarkerSize = 0; zero.LineStyle.Pattern = LinePattern.Dashed;
        var rule = plot.Add.Line(left, separator, right, separator);
        rule.LineColor = Colors.LightGray; rule.LineWidth = 1; rule.MarkerSize = 0;
        bottom = legendTop - 1.1 * (legendRows - 1) - 0.7;
        plot.Axes.Left.SetTicks(tickPositions.ToArray(), tickLabels.ToArray());
        plot.Axes.SetLimits(left, right, bottom, 0.8);
        string xLabel = $"Δ main score vs {m.Baseline} ({Fmt.Level(m.Options.Level)} CI)";
        plot.XLabel(xLabel);
        plot.HideGrid();
        FigureStyle.Apply(plot);
        int rows = (int)Math.Ceiling(-bottom);
        // The task names take the left part of the figure and the axis label is centred under the rest: widen the
        // figure past one column when both are long (≈ 6.6 px per tick-label character, ≈ 10 per bold label one),
        // or the label is cut off at the right edge.
        int longestTask = tickLabels.Count == 0 ? 0 : tickLabels.Max(t => t.Length);
        int width = Math.Max(FigureStyle.ColumnWidth, (int)Math.Ceiling(longestTask * 6.6 + xLabel.Length * 10 + 35));
        return (plot, width, Math.Max(260, 90 + rows * 17));
    }
}

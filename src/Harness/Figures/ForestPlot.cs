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

    public static (Plot Plot, int Width, int Height)? Create(ReportModel m)
    {
        var comps = m.Comparisons.Where(c => c.B == m.Baseline).ToList();
        if (comps.Count == 0) return null;
        var designs = m.Designs.Where(d => d != m.Baseline && comps.Any(c => c.A == d)).ToList();
        var plot = new Plot();
        var tickPositions = new List<double>();
        var tickLabels = new List<string>();
        double y = 0;
        var categoryHeaders = new List<(double Y, string Name)>();
        foreach (var category in m.Tasks.Select(t => t.Category).Distinct().OrderBy(ReportCategories.Rank))
        {
            var tasks = m.Tasks.Where(t => t.Category == category && comps.Any(c => c.Task == t.Name)).ToList();
            if (tasks.Count == 0) continue;
            categoryHeaders.Add((y, category.ToUpperInvariant()));
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
                    var marker = plot.Add.Marker(c.MeanDiff, y, c.Significant ? MarkerShape.FilledCircle : MarkerShape.OpenCircle, 7, FigureStyle.DesignColor(designs.IndexOf(design)));
                    marker.LineWidth = 1.5f;
                    y -= 1;
                }
                tickPositions.Add((start + y + 1) / 2);
                tickLabels.Add(task.Name);
                y -= 0.5;
            }
        }
        double bottom = y;
        var zero = plot.Add.VerticalLine(0, 1, Colors.Gray, LinePattern.Dashed);
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
        // Legend: designs by marker colour; red bars are significant after correction.
        for (int i = 0; i < designs.Count; i++)
        {
            var entry = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.FilledCircle, 7, FigureStyle.DesignColor(i));
            entry.LegendText = designs[i];
        }
        var sig = plot.Add.Line(double.NaN, double.NaN, double.NaN, double.NaN);
        sig.LineColor = FigureStyle.Significant; sig.LineWidth = FigureStyle.CiBarWidth; sig.MarkerSize = 0;
        sig.LegendText = $"significant ({ReportBuilder.CorrectionName(m.Options.Correction)})";
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Left.SetTicks(tickPositions.ToArray(), tickLabels.ToArray());
        plot.Axes.SetLimits(left, right, bottom + 0.5, 0.8);
        plot.XLabel($"Δ main score vs {m.Baseline} ({Fmt.Level(m.Options.Level)} CI)");
        plot.HideGrid();
        FigureStyle.Apply(plot);
        int rows = (int)Math.Ceiling(-bottom);
        return (plot, FigureStyle.ColumnWidth, Math.Max(260, 120 + rows * 17 + 22 * ((designs.Count + 2) / 3)));
    }
}

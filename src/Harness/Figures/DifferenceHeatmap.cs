using Ablation.Harness.Reporting;
using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Heatmap of designs (rows) × tasks (columns): colour = difference of the design's seed-mean main score to the
/// baseline (diverging, symmetric around 0); a dagger marks comparisons significant after correction.
/// </summary>
public static class DifferenceHeatmap
{
    public const string Stem = "heatmap";

    public static (Plot Plot, int Width, int Height)? Create(ReportModel m)
    {
        var comps = m.Comparisons.Where(c => c.B == m.Baseline).ToList();
        if (comps.Count == 0) return null;
        var designs = m.Designs.Where(d => d != m.Baseline && comps.Any(c => c.A == d)).ToList();
        var tasks = m.Tasks.OrderBy(t => ReportCategories.Rank(t.Category)).Select(t => t.Name).Where(t => comps.Any(c => c.Task == t)).ToList();
        var values = new double[designs.Count, tasks.Count];
        double max = 0;
        for (int r = 0; r < designs.Count; r++)
            for (int c = 0; c < tasks.Count; c++)
            {
                var comp = comps.FirstOrDefault(x => x.A == designs[r] && x.Task == tasks[c]);
                values[r, c] = comp?.MeanDiff ?? double.NaN;
                if (comp is not null) max = Math.Max(max, Math.Abs(comp.MeanDiff));
            }
        if (max == 0) max = 1e-9;
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-max, max);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = $"Δ vs {m.Baseline}";
        bar.LabelStyle.FontSize = FigureStyle.FontSize;
        for (int r = 0; r < designs.Count; r++)
            for (int c = 0; c < tasks.Count; c++)
            {
                var comp = comps.FirstOrDefault(x => x.A == designs[r] && x.Task == tasks[c]);
                if (comp is not { Significant: true }) continue;
                var mark = plot.Add.Text("†", c, Row(r, designs.Count));
                mark.LabelStyle.Alignment = Alignment.MiddleCenter;
                mark.LabelStyle.FontSize = FigureStyle.FontSize + 2;
                mark.LabelStyle.Bold = true;
                mark.LabelStyle.ForeColor = Math.Abs(comp.MeanDiff) > 0.6 * max ? Colors.White : Colors.Black;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, tasks.Count).Select(i => (double)i).ToArray(), tasks.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, designs.Count).Select(r => Row(r, designs.Count)).ToArray(), designs.ToArray());
        plot.Axes.SetLimits(-0.5, tasks.Count - 0.5, -0.5, designs.Count - 0.5);
        plot.Title($"† = significant after {ReportBuilder.CorrectionName(m.Options.Correction)}");
        FigureStyle.Apply(plot);
        int longest = tasks.Max(t => t.Length);
        // Task names run downwards; the axis panel does not measure rotated labels, so reserve their length.
        plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 12 + longest * FigureStyle.FontSize * 0.62f;
        int width = Math.Max(FigureStyle.ColumnWidth, 160 + tasks.Count * 26);
        int height = (int)(100 + designs.Count * 34 + plot.Axes.Bottom.MinimumSize);
        return (plot, width, height);
    }

    /// <summary>Row r of the intensity array is drawn at this y (row 0 at the top).</summary>
    public static double Row(int r, int rows) => rows - 1 - r;
}

using System.Globalization;
using Ablation.Harness.Figures;
using ScottPlot;

namespace Ablation.Harness.Analysis;

/// <summary>
/// The two figures of the layer analysis (paper A Fig. 1 and Fig. 2): a layer × layer heatmap with layer-index
/// axes, a colour bar and the method in the title; and the main score by layer per task category, last layer marked.
/// </summary>
public static class LayerFigures
{
    public const int HeatmapWidth = 760, HeatmapHeight = 640;
    public const int LineWidth = 900, LineHeight = 560;

    /// <summary>Draws <paramref name="values"/>[row = layer i, column = layer j] with layer 0 at the bottom left.</summary>
    public static IReadOnlyList<string> Heatmap(string stem, double[,] values, string title, double? minimum = null, double? maximum = null)
    {
        int n = values.GetLength(0);
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.FlipVertically = true;
        heatmap.Smooth = false;
        // One rectangle per cell: exact cell edges in PNG and SVG alike (a scaled bitmap shifts the edge cells).
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        heatmap.NaNCellColor = Colors.LightGray;
        // Extent runs through the centres of the corner cells: cell (i, j) is centred on (j, i).
        heatmap.Extent = new CoordinateRect(0, n - 1, 0, n - 1);
        var (lo, hi) = Range(values);
        heatmap.ManualRange = new ScottPlot.Range(minimum ?? lo, maximum ?? hi);
        // The method is in the title; a colour-bar label would overlap its tick labels.
        plot.Add.ColorBar(heatmap);
        if (n <= 12)
        {
            double mid = ((minimum ?? lo) + (maximum ?? hi)) / 2;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    bool undefined = double.IsNaN(values[i, j]);
                    var text = plot.Add.Text(undefined ? "n/a" : values[i, j].ToString("F2", CultureInfo.InvariantCulture), j, i);
                    text.LabelAlignment = Alignment.MiddleCenter;
                    text.LabelFontSize = 13;
                    text.LabelFontColor = undefined || values[i, j] > mid ? Colors.Black : Colors.White;
                }
        }
        plot.Title(title);
        plot.XLabel("layer (0 = embeddings, L = after final norm)");
        plot.YLabel("layer");
        LayerTicks(plot, n - 1);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return FigureFiles.Save(plot, stem, HeatmapWidth, HeatmapHeight);
    }

    /// <summary>
    /// Main score by layer, one line per category (the mean over its tasks) and pooling (solid EOS-last, dashed mean),
    /// with a dotted vertical line at the last layer.
    /// </summary>
    public static IReadOnlyList<string> ScoresByLayer(string stem, IReadOnlyList<LayerScore> scores, int lastLayer, string title)
    {
        var plot = new Plot();
        var categories = scores.Select(s => s.Category).Distinct().Order(StringComparer.Ordinal).ToList();
        for (int c = 0; c < categories.Count; c++)
        {
            var color = plot.Add.Palette.GetColor(c);
            foreach (var pooling in LayerPooling.All)
            {
                // A layer where some task has no score (NaN) is left out of that category's line.
                var byLayer = scores.Where(s => s.Category == categories[c] && s.Pooling == pooling)
                    .GroupBy(s => s.Layer).OrderBy(g => g.Key)
                    .Select(g => (Layer: (double)g.Key, Mean: g.Average(s => s.MainScore))).Where(x => !double.IsNaN(x.Mean)).ToList();
                if (byLayer.Count == 0) continue;
                var line = plot.Add.Scatter(byLayer.Select(x => x.Layer).ToArray(), byLayer.Select(x => x.Mean).ToArray(), color);
                line.LegendText = $"{categories[c]} ({pooling})";
                line.LineWidth = 2;
                line.MarkerSize = 7;
                line.MarkerShape = pooling == LayerPooling.EosLast ? MarkerShape.FilledCircle : MarkerShape.OpenSquare;
                if (pooling != LayerPooling.EosLast) line.LinePattern = LinePattern.Dashed;
            }
        }
        var last = plot.Add.VerticalLine(lastLayer, 1.5f, Colors.Gray, LinePattern.Dotted);
        last.LegendText = $"last layer ({lastLayer})";
        plot.Title(title);
        plot.XLabel("layer the embedding is taken from (0 = embeddings)");
        plot.YLabel("main score (mean over the category's tasks)");
        LayerTicks(plot, lastLayer, yAxis: false);
        plot.Axes.SetLimitsX(-0.3, lastLayer + 0.3);
        plot.ShowLegend(Edge.Right);
        return FigureFiles.Save(plot, stem, LineWidth, LineHeight);
    }

    private static void LayerTicks(Plot plot, int lastLayer, bool yAxis = true)
    {
        double step = Math.Max(1, Math.Ceiling((lastLayer + 1) / 12.0));
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(step);
        if (yAxis) plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(step);
    }

    private static (double Lo, double Hi) Range(double[,] values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values)
            if (!double.IsNaN(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (double.IsInfinity(lo)) return (0, 1);
        return hi > lo ? (lo, hi) : (lo - 0.5, hi + 0.5);
    }
}

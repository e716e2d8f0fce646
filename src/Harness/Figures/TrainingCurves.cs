using Ablation.Harness.Reporting;
using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Training loss per step, one figure per stage: each design in its colour, every seed as a thin translucent line
/// and the mean over seeds (at the steps all seeds reached) bold. A per-step loss from one small batch is noisy
/// enough to hide the designs' curves behind each other, so for long runs the bold line is a centred moving
/// average of the seed mean (the window is in the y-axis label; the CSVs beside the figures keep the raw mean).
/// </summary>
public static class TrainingCurves
{
    public static string StemOf(string stage) => "training-" + new string(stage.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

    public static IEnumerable<(string Stage, Plot Plot, int Width, int Height)> Create(IReadOnlyList<string> designs, IReadOnlyList<TrainingLog> logs)
    {
        foreach (var stage in logs.Select(l => l.Stage).Distinct())
        {
            var plot = new Plot();
            int index = 0, smoothing = 1, curves = 0;
            foreach (var design in designs)
            {
                var seeds = logs.Where(l => l.Stage == stage && l.Design == design && l.Steps.Length > 0).ToList();
                int designIndex = index++;
                var color = FigureStyle.DesignColor(designIndex);
                if (seeds.Count == 0) continue;
                curves++;
                foreach (var s in seeds)
                {
                    var thin = plot.Add.ScatterLine(s.Steps, s.Loss, color.WithAlpha(0.2));
                    thin.LineWidth = 1;
                    thin.MarkerSize = 0;
                }
                var (steps, mean) = Mean(seeds);
                int window = SmoothingWindow(steps.Length);
                var bold = plot.Add.ScatterLine(steps, MovingAverage(mean, window), color);
                bold.LineWidth = 2.5f;
                bold.MarkerSize = 0;
                bold.LinePattern = FigureStyle.DesignPattern(designIndex);
                if (window > 1) smoothing = window;
                bold.LegendText = seeds.Count > 1 ? $"{design} (mean of {seeds.Count})" : design;
            }
            // Past four curves an inside legend covers them: put it beside the plot and widen the figure.
            bool beside = curves > 4;
            if (beside) plot.ShowLegend(Edge.Right); else plot.ShowLegend(Alignment.UpperRight);
            plot.XLabel("step");
            // The window goes on the axis, not into every legend entry: long design names already fill the legend.
            plot.YLabel(smoothing > 1 ? $"loss (bold: {smoothing}-step moving average)" : "loss");
            plot.Title($"Training loss: {stage}");
            FigureStyle.Apply(plot);
            yield return (stage, plot, beside ? FigureStyle.ColumnWidth + 200 : FigureStyle.ColumnWidth, 360);
        }
    }

    /// <summary>
    /// The moving-average window for a curve of <paramref name="points"/> points: none below 100 points, else an odd
    /// window of about 1/40 of the curve (11 steps for 400), so the trend shows and a real bend still does.
    /// </summary>
    public static int SmoothingWindow(int points) => points < 100 ? 1 : (points / 40) | 1;

    /// <summary>
    /// Centred moving average over <paramref name="window"/> points (odd); near the ends the window shrinks
    /// symmetrically, so the first and last points stay their own values and no curve is shifted in x.
    /// </summary>
    public static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        if (window < 1 || window % 2 == 0) throw new ArgumentOutOfRangeException(nameof(window), window, "the window must be odd and positive");
        var smoothed = new double[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            int half = Math.Min(window / 2, Math.Min(i, values.Count - 1 - i));
            double sum = 0;
            for (int j = i - half; j <= i + half; j++) sum += values[j];
            smoothed[i] = sum / (2 * half + 1);
        }
        return smoothed;
    }

    /// <summary>Mean loss over seeds at the steps every seed logged.</summary>
    public static (double[] Steps, double[] Mean) Mean(IReadOnlyList<TrainingLog> seeds)
    {
        var common = new HashSet<double>(seeds[0].Steps);
        foreach (var s in seeds.Skip(1)) common.IntersectWith(s.Steps);
        var steps = common.Order().ToArray();
        var mean = new double[steps.Length];
        foreach (var s in seeds)
        {
            var at = new Dictionary<double, double>();
            for (int i = 0; i < s.Steps.Length; i++) at[s.Steps[i]] = s.Loss[i];
            for (int i = 0; i < steps.Length; i++) mean[i] += at[steps[i]] / seeds.Count;
        }
        return (steps, mean);
    }
}

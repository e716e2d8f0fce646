using Ablation.Harness.Reporting;
using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Training loss per step, one figure per stage: each design in its colour, every seed as a thin translucent line
/// and the mean over seeds (at the steps all seeds reached) bold.
/// </summary>
public static class TrainingCurves
{
    public static string StemOf(string stage) => "training-" + new string(stage.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

    public static IEnumerable<(string Stage, Plot Plot, int Width, int Height)> Create(IReadOnlyList<string> designs, IReadOnlyList<TrainingLog> logs)
    {
        foreach (var stage in logs.Select(l => l.Stage).Distinct())
        {
            var plot = new Plot();
            int index = 0;
            foreach (var design in designs)
            {
                var seeds = logs.Where(l => l.Stage == stage && l.Design == design && l.Steps.Length > 0).ToList();
                var color = FigureStyle.DesignColor(index++);
                if (seeds.Count == 0) continue;
                foreach (var s in seeds)
                {
                    var thin = plot.Add.ScatterLine(s.Steps, s.Loss, color.WithAlpha(0.35));
                    thin.LineWidth = 1;
                    thin.MarkerSize = 0;
                }
                var (steps, mean) = Mean(seeds);
                var bold = plot.Add.ScatterLine(steps, mean, color);
                bold.LineWidth = 2.5f;
                bold.MarkerSize = 0;
                bold.LegendText = seeds.Count > 1 ? $"{design} (mean of {seeds.Count})" : design;
            }
            plot.ShowLegend(Alignment.UpperRight);
            plot.XLabel("step");
            plot.YLabel("loss");
            plot.Title($"Training loss: {stage}");
            FigureStyle.Apply(plot);
            yield return (stage, plot, FigureStyle.ColumnWidth, 360);
        }
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

using System.Globalization;
using Ablation.Harness.IO;
using Ablation.Harness.Reporting;
using Ablation.Harness.Reporting.Paper;
using ScottPlot;

namespace Ablation.Harness.Figures.Paper;

/// <summary>
/// Paper B's convergence analysis: the stage-II (contrastive) training loss over steps with and without stage I
/// (every seed thin, the mean bold), from the cells' train-metrics.csv; and, when the grid trains the same designs
/// for several numbers of stage-II steps, the retrieval score over steps. The trainer keeps no intermediate
/// checkpoints (it overwrites one resumable checkpoint and deletes it at the end), so a score over steps needs those
/// extra designs; with a constant schedule after warm-up the model trained for k steps is the k-step point of a
/// longer run (experiments/paper-b-convergence.json).
/// </summary>
public static class ConvergenceArtefact
{
    public const string Name = "b-convergence";

    public static IReadOnlyList<string> Write(PaperContext context, string output)
    {
        string with = context.Design(PaperRoles.Both, Name);
        string without = context.Design(PaperRoles.StageTwoOnly, Name);
        var designs = new List<string> { without, with };
        foreach (var r in new[] { PaperRoles.D2QOnly, PaperRoles.Q2DOnly })
            if (context.Has(r)) designs.Add(context.Roles[r]);
        var cells = context.Folder.Cells.Where(c => designs.Contains(c.Design)).ToList();
        var logs = TrainingLog.ReadAll(cells).Where(l => l.Stage == EarlyConvergence.Stage).ToList();
        if (!logs.Any(l => l.Design == with) || !logs.Any(l => l.Design == without))
            throw new UserInputException($"--paper {Name}: no stage-II loss (train-metrics.csv, stage '{EarlyConvergence.Stage}') for " +
                $"{string.Join(" and ", new[] { with, without }.Where(d => !logs.Any(l => l.Design == d)))} in {context.Folder.Path}; run the grid first");
        var files = new List<string>();
        var (_, plot, width, height) = TrainingCurves.Create(designs, logs).Single();
        plot.Title("Paper B: stage-II loss with and without stage I");
        files.AddRange(FigureFiles.Save(plot, Path.Combine(output, Name + "-loss"), width, height));

        string csv = Path.Combine(output, Name + "-loss.csv");
        AtomicFile.WriteText(csv, w =>
        {
            w.WriteLine("design,step,mean_loss,seeds");
            foreach (var d in designs)
            {
                var seeds = logs.Where(l => l.Design == d).ToList();
                if (seeds.Count == 0) continue;
                var (steps, mean) = TrainingCurves.Mean(seeds);
                for (int i = 0; i < steps.Length; i++) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{CsvField.Escape(d)},{steps[i]},{mean[i]:R},{seeds.Count}"));
            }
        });
        files.Add(csv);

        var curves = new[] { PaperRoles.StageTwoOnly, PaperRoles.Both }.Select(r => (Role: r, Points: context.StepDesigns(r))).ToList();
        if (curves.All(c => c.Points.Count >= 2)) files.AddRange(WriteScores(context, curves, output));
        return files;
    }

    /// <summary>
    /// Retrieval main score (mean over the retrieval tasks of seed means) against stage-II steps, one line per role,
    /// with a bar from the lowest to the highest seed (each seed's mean over the tasks), so seed noise is visible
    /// beside the trend; the two roles' bars are drawn a little apart so they do not hide each other.
    /// </summary>
    private static IReadOnlyList<string> WriteScores(PaperContext context, IReadOnlyList<(string Role, IReadOnlyList<(string Design, int Steps)> Points)> curves, string output)
    {
        var m = context.Model;
        var plot = new Plot();
        string csv = Path.Combine(output, Name + "-retrieval.csv");
        var lines = new List<string> { "role,design,steps,retrieval_score,seed_min,seed_max,seeds,tasks" };
        var allSteps = curves.SelectMany(c => c.Points).Select(p => p.Steps).ToList();
        double span = allSteps.Max() - allSteps.Min();
        int index = 0;
        foreach (var (role, points) in curves)
        {
            var color = FigureStyle.DesignColor(index);
            double offset = (index++ - (curves.Count - 1) / 2.0) * span * 0.008;
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var (design, steps) in points)
            {
                var tasks = context.TasksOf("retrieval", design);
                if (tasks.Count == 0) continue;
                var scores = tasks.Select(t => m.Score(t, design)!).ToList();
                double score = scores.Average(x => x.Mean);
                int seeds = scores.Min(x => x.SeedValues.Length);
                var perSeed = Enumerable.Range(0, seeds).Select(i => scores.Average(x => x.SeedValues[i])).ToList();
                xs.Add(steps + offset);
                ys.Add(score);
                if (seeds > 1)
                {
                    var bar = plot.Add.Line(steps + offset, perSeed.Min(), steps + offset, perSeed.Max());
                    bar.Color = color.WithAlpha(0.6);
                    bar.LineWidth = 1.5f;
                    bar.MarkerSize = 0;
                }
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{CsvField.Escape(role)},{CsvField.Escape(design)},{steps},{score:R},{perSeed.Min():R},{perSeed.Max():R},{seeds},{tasks.Count}"));
            }
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
            line.LegendText = PaperRoles.Get(role).Label;
            line.LineWidth = 2;
            line.MarkerSize = 7;
        }
        if (lines.Count == 1) return [];
        plot.ShowLegend(Alignment.UpperLeft);
        plot.XLabel("stage-II steps");
        plot.YLabel("retrieval score (bars: seed range)");
        plot.Title("Paper B: retrieval score over stage-II steps");
        FigureStyle.Apply(plot);
        AtomicFile.WriteAllText(csv, string.Join("\n", lines) + "\n");
        return [.. FigureFiles.Save(plot, Path.Combine(output, Name + "-retrieval"), FigureStyle.ColumnWidth, 360), csv];
    }
}

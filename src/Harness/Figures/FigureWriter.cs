using System.Diagnostics;
using Ablation.Harness.Reporting;
using ScottPlot;

namespace Ablation.Harness.Figures;

/// <summary>
/// Draws every figure of a report into a folder: &lt;stem&gt;.png (2× for print), &lt;stem&gt;.svg, and &lt;stem&gt;.pdf converted
/// from the SVG by rsvg-convert (librsvg2-bin). Reads only the report model and the cells' training logs.
/// </summary>
public static class FigureWriter
{
    public sealed record Result(IReadOnlyList<FigureInfo> Figures, IReadOnlyList<string> Warnings);

    public static Result WriteAll(ReportModel m, string folder)
    {
        Directory.CreateDirectory(folder);
        var figures = new List<FigureInfo>();
        var warnings = new List<string>();
        void Save(string stem, string caption, (Plot Plot, int Width, int Height)? made)
        {
            if (made is not { } f) return;
            Write(f.Plot, f.Width, f.Height, folder, stem, warnings);
            figures.Add(new FigureInfo(stem, caption));
        }
        string level = Fmt.Level(m.Options.Level);
        Save(ForestPlot.Stem, $"Difference to {m.Baseline} per task with {level} hierarchical bootstrap CIs (seeds, then items), grouped by category; " +
            $"red = significant after {ReportBuilder.CorrectionName(m.Options.Correction)} over the family.", ForestPlot.Create(m));
        if (ForestPlot.Rows(m) > ForestPlot.MaxRowsForOneFigure)
            foreach (var category in m.Tasks.Select(t => t.Category).Distinct().OrderBy(ReportCategories.Rank))
                Save(ForestPlot.CategoryStem(category), $"Difference to {m.Baseline} on the {category} tasks with {level} hierarchical bootstrap CIs; " +
                    $"red = significant after {ReportBuilder.CorrectionName(m.Options.Correction)} over the whole family.", ForestPlot.Create(m, category));
        Save(DifferenceHeatmap.Stem, $"Difference to {m.Baseline} per design and task; † = significant after correction.", DifferenceHeatmap.Create(m));
        Save(CriticalDifferencePlot.Stem, "Critical-difference diagram (Friedman + Nemenyi, Demšar 2006): average rank across tasks (1 = best); " +
            "designs joined by a bar are not significantly different.", CriticalDifferencePlot.Create(m));
        var logs = TrainingLog.ReadAll(m.Cells);
        foreach (var (stage, plot, w, h) in TrainingCurves.Create(m.Designs, logs))
        {
            string stem = TrainingCurves.StemOf(stage);
            Write(plot, w, h, folder, stem, warnings);
            figures.Add(new FigureInfo(stem, $"Training loss per step, stage {stage}: thin lines are seeds, bold lines their mean."));
        }
        return new Result(figures, warnings);
    }

    /// <summary>
    /// PNG and SVG both drawn at <see cref="FigureStyle.PngScale"/>× the logical size (ScottPlot's layout at scale 1
    /// under-measures a tall bottom legend and cuts its last row; at 2× it fits), PDF from the SVG.
    /// </summary>
    public static void Write(Plot plot, int width, int height, string folder, string stem, List<string> warnings)
    {
        plot.ScaleFactor = FigureStyle.PngScale;
        FigureFiles.Save(plot, Path.Combine(folder, stem), (int)(width * FigureStyle.PngScale), (int)(height * FigureStyle.PngScale),
            error => warnings.Add($"{stem}.pdf: {error}"));
        plot.ScaleFactor = 1;
    }

    /// <summary>
    /// Runs <c>rsvg-convert -f pdf</c> and writes its output through AtomicFile (a killed run leaves no half PDF);
    /// returns null on success, else what went wrong.
    /// </summary>
    public static string? ConvertToPdf(string svg, string pdf)
    {
        var start = new ProcessStartInfo("rsvg-convert", ["-f", "pdf", svg])
        { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        Process? process;
        try { process = Process.Start(start); }
        catch (System.ComponentModel.Win32Exception)
        {
            return "rsvg-convert not found; install librsvg2-bin (scripts/install-deps) for PDF figures";
        }
        if (process is null) return "rsvg-convert could not be started";
        using (process)
        {
            try
            {
                Ablation.Harness.IO.AtomicFile.Write(pdf, stream =>
                {
                    var stderr = process.StandardError.ReadToEndAsync();
                    process.StandardOutput.BaseStream.CopyTo(stream);
                    process.WaitForExit();
                    if (process.ExitCode != 0) throw new IOException($"rsvg-convert failed ({process.ExitCode}): {stderr.Result.Trim()}");
                });
            }
            catch (IOException e) { return e.Message; }
        }
        return null;
    }
}

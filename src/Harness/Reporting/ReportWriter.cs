using Ablation.Harness.Figures;
using Ablation.Harness.IO;

namespace Ablation.Harness.Reporting;

/// <summary>
/// Writes &lt;results&gt;/report/ as a whole: everything is staged in a sibling temporary folder and then swapped in
/// with two renames, so a reader never sees half a report and an interrupted run leaves the old one intact.
/// </summary>
public static class ReportWriter
{
    public const string FolderName = "report";

    /// <summary>Writes the report and returns its folder.</summary>
    public static string Write(ReportModel model, bool figures = true)
    {
        string target = Path.Combine(model.ResultsPath, FolderName);
        string staging = Path.Combine(model.ResultsPath, $".{FolderName}.tmp-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            var drawn = figures ? FigureWriter.WriteAll(model, Path.Combine(staging, "figures")) : new FigureWriter.Result([], []);
            if (drawn.Warnings.Count > 0) model = model with { Notes = [.. model.Notes, .. drawn.Warnings] };
            WriteFiles(model, staging, drawn.Figures);
            Swap(staging, target);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return target;
    }

    /// <summary>Regenerates only report/figures (same staging and swap), leaving the rest of the report as it is.</summary>
    public static (string Folder, FigureWriter.Result Result) WriteFigures(ReportModel model)
    {
        string report = Path.Combine(model.ResultsPath, FolderName);
        Directory.CreateDirectory(report);
        string staging = Path.Combine(report, $".figures.tmp-{Environment.ProcessId}");
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        try
        {
            var result = FigureWriter.WriteAll(model, staging);
            string target = Path.Combine(report, "figures");
            Swap(staging, target);
            return (target, result);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    private static void WriteFiles(ReportModel model, string folder, IReadOnlyList<FigureInfo> figures)
    {
        var blocks = ReportDocument.Build(model, figures);
        File.WriteAllText(Path.Combine(folder, "report.md"), MarkdownRenderer.Render(blocks));
        string figureDir = Path.Combine(folder, "figures");
        File.WriteAllText(Path.Combine(folder, "report.html"), HtmlRenderer.Render($"Report: {model.Name}", blocks, stem =>
        {
            string png = Path.Combine(figureDir, stem + ".png");
            return File.Exists(png) ? File.ReadAllBytes(png) : null;
        }));
        File.WriteAllText(Path.Combine(folder, "report.json"), JsonRenderer.Render(model));
        string tables = Path.Combine(folder, "tables");
        Directory.CreateDirectory(tables);
        foreach (var table in ReportTables.All(model))
        {
            File.WriteAllText(Path.Combine(tables, table.Name + ".tex"), LatexRenderer.Render(table));
            AtomicFile.WriteText(Path.Combine(tables, table.Name + ".csv"), w => CsvRenderer.Write(w, table));
        }
    }

    /// <summary>Replaces <paramref name="target"/> by <paramref name="staged"/>: old moved aside, new renamed in, old deleted.</summary>
    private static void Swap(string staged, string target)
    {
        string? old = null;
        if (Directory.Exists(target))
        {
            old = target + $".old-{Environment.ProcessId}";
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            Directory.Move(target, old);
        }
        Directory.Move(staged, target);
        if (old is not null) Directory.Delete(old, recursive: true);
    }
}

using System.Globalization;
using Ablation.Harness.IO;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>What the paper tables share: paper A's four categories, the per-task detail table, and writing LaTeX + CSV.</summary>
public static class PaperTables
{
    /// <summary>Paper A's main-table categories in its column order, with its headings (papers.md A5).</summary>
    public static readonly IReadOnlyList<(string Category, string Heading)> PaperACategories =
        [("sts", "STS"), ("classification", "Clas."), ("retrieval", "Retr."), ("clustering", "Clus.")];

    /// <summary>Where the paper artefacts go: &lt;results&gt;/report/paper/.</summary>
    public static string OutputFolder(string resultsPath) => Path.Combine(resultsPath, ReportWriter.FolderName, "paper");

    /// <summary>Writes &lt;name&gt;.tex (booktabs) and &lt;name&gt;.csv atomically; returns both paths.</summary>
    public static IReadOnlyList<string> Write(string folder, ReportTable table)
    {
        Directory.CreateDirectory(folder);
        string tex = Path.Combine(folder, table.Name + ".tex"), csv = Path.Combine(folder, table.Name + ".csv");
        AtomicFile.WriteAllText(tex, LatexRenderer.Render(table));
        AtomicFile.WriteText(csv, w => CsvRenderer.Write(w, table));
        return [tex, csv];
    }

    /// <summary>The family and correction every verdict of the paper artefacts is adjusted over, in words.</summary>
    public static string Family(ReportModel m) =>
        $"{ReportBuilder.CorrectionName(m.Options.Correction)} over all {m.Comparisons.Count} per-task comparisons between the grid's paper designs " +
        $"(every pair, every task), α = {m.Options.Alpha.ToString("0.###", CultureInfo.InvariantCulture)}";

    /// <summary>One row per per-task comparison, unrounded enough to recompute the table from.</summary>
    public static ReportTable TaskDetail(string name, string caption, IEnumerable<(string Row, Comparison C)> comparisons)
    {
        string F(double x) => double.IsNaN(x) ? "" : x.ToString("0.######", CultureInfo.InvariantCulture);
        var rows = comparisons.Select(x => new[]
        {
            x.Row, x.C.A, x.C.B, x.C.Task, x.C.Category, x.C.Metric, x.C.Unit, Fmt.Int(x.C.N), Fmt.Int(x.C.SeedsA), Fmt.Int(x.C.SeedsB),
            F(x.C.MeanDiff), F(x.C.CiLow), F(x.C.CiHigh), x.C.Test, F(x.C.PValue), F(x.C.PAdjusted), x.C.Significant ? "yes" : "no",
        }).ToList();
        string[] header = ["row", "a", "b", "task", "category", "metric", "unit", "n", "seeds_a", "seeds_b", "delta", "ci_low", "ci_high", "test", "p", "p_adjusted", "significant"];
        return new ReportTable(name, caption, header, rows, header.Select((_, i) => i is 7 or 8 or 9 or 10 or 11 or 12 or 14 or 15).ToList());
    }
}

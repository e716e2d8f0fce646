namespace Ablation.Harness.Reporting;

/// <summary>A block of the report document, rendered alike to Markdown and HTML.</summary>
public abstract record ReportBlock;
public sealed record HeadingBlock(int Level, string Text) : ReportBlock;
public sealed record ParagraphBlock(string Text) : ReportBlock;
public sealed record ListBlock(IReadOnlyList<string> Items) : ReportBlock;
public sealed record TableBlock(ReportTable Table) : ReportBlock;
/// <summary>A figure: its file stem under figures/ (PNG for Markdown and HTML) and a caption.</summary>
public sealed record FigureBlock(string Stem, string Caption) : ReportBlock;

/// <summary>The report as a sequence of blocks (headings, text, tables, figures), in reading order.</summary>
public static class ReportDocument
{
    public static IReadOnlyList<ReportBlock> Build(ReportModel m, IReadOnlyList<FigureInfo> figures)
    {
        var o = m.Options;
        var blocks = new List<ReportBlock>
        {
            new HeadingBlock(1, $"Report: {m.Name}"),
            new ListBlock([
                $"Results folder: `{m.ResultsPath}`",
                $"Designs: {string.Join(", ", m.Designs)}; baseline: **{m.Baseline}**",
                $"Cells: {m.Cells.Count(c => c.State == CellState.Done)} of {m.Cells.Count} done; tasks: {m.Tasks.Count}",
                $"Family for the correction: {m.Family}",
                $"Intervals: {Fmt.Level(o.Level)} percentile, hierarchical bootstrap (seeds, then items), {o.Resamples} resamples per comparison, {Math.Min(o.Resamples, o.ScoreResamples)} per design score, seed {o.Seed}",
                $"Tests: decomposable metrics (a mean of per-item scores) — {ReportBuilder.TTestName}; other metrics (Spearman, AP, V-measure) — {ReportBuilder.BootstrapTestName}, p = (b + 1)/(B + 1)",
            ]),
        };
        if (m.MissingCells.Any())
        {
            blocks.Add(new HeadingBlock(2, "Missing cells"));
            blocks.Add(new ParagraphBlock($"**This grid is not finished.** {m.MissingCells.Count()} cells are missing; the numbers below use only the done cells."));
            blocks.Add(new TableBlock(ReportTables.Missing(m)!));
        }
        if (m.Notes.Count > 0)
        {
            blocks.Add(new HeadingBlock(2, "Warnings"));
            blocks.Add(new ListBlock(m.Notes));
        }

        blocks.Add(new HeadingBlock(2, "Paper A's table beside our verdict"));
        blocks.Add(new TableBlock(ReportTables.PaperA(m)));
        blocks.Add(new TableBlock(ReportTables.Verdict(m)));
        var warnings = m.Categories.Where(c => c.Warning is not null).Select(c => $"**{c.Category}**: {c.Warning}").ToList();
        if (warnings.Count > 0) blocks.Add(new ListBlock(warnings));
        // One forest plot, or one per category when the whole one would be too tall for a page.
        var perCategory = figures.Where(f => f.Stem.StartsWith(Figures.ForestPlot.Stem + "-", StringComparison.Ordinal)).ToList();
        if (perCategory.Count > 0) blocks.AddRange(perCategory.Select(f => new FigureBlock(f.Stem, f.Caption)));
        else AddFigure(blocks, figures, "forest");
        AddFigure(blocks, figures, "heatmap");

        blocks.Add(new HeadingBlock(2, "Paired comparisons"));
        blocks.Add(new ParagraphBlock($"{m.Comparisons.Count(c => c.Significant)} of {m.Comparisons.Count} comparisons are significant after correction ({m.Family})."));
        blocks.Add(new TableBlock(ReportTables.Comparisons(m)));

        blocks.Add(new HeadingBlock(2, "Scores per task"));
        blocks.Add(new TableBlock(ReportTables.Scores(m)));

        blocks.Add(new HeadingBlock(2, "Ranks across tasks"));
        if (ReportTables.Ranks(m) is { } ranks)
        {
            blocks.Add(new TableBlock(ranks));
            blocks.Add(new ParagraphBlock("Designs sharing a group letter are not significantly different (Nemenyi: their average ranks differ by less than the CD)."));
            AddFigure(blocks, figures, "cd-diagram");
        }
        else blocks.Add(new ParagraphBlock("Not computed: see the warnings."));

        blocks.Add(new HeadingBlock(2, "Power"));
        blocks.Add(new TableBlock(ReportTables.Power(m)));
        blocks.Add(new HeadingBlock(2, "Seed variance"));
        blocks.Add(new TableBlock(ReportTables.SeedVariance(m)));

        var curves = figures.Where(f => f.Stem.StartsWith("training-", StringComparison.Ordinal)).ToList();
        if (curves.Count > 0)
        {
            blocks.Add(new HeadingBlock(2, "Training curves"));
            foreach (var f in curves) blocks.Add(new FigureBlock(f.Stem, f.Caption));
        }
        return blocks;
    }

    private static void AddFigure(List<ReportBlock> blocks, IReadOnlyList<FigureInfo> figures, string stem)
    {
        if (figures.FirstOrDefault(f => f.Stem == stem) is { } f) blocks.Add(new FigureBlock(f.Stem, f.Caption));
    }
}

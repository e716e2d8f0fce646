using Ablation.Harness.Reporting;

namespace Ablation.Harness.Runner;

/// <summary>
/// The end of a grid run, the same for every executor (local workers and the Slurm finish job): the summary table of
/// main scores, then the significance report (<c>ablation report</c> with its defaults) of the cells that are done.
/// A grid without a baseline gets a line saying how to write the report instead (the report compares against one).
/// </summary>
public static class GridReport
{
    public static void Write(ResultsFolder results, TextWriter output)
    {
        var cells = results.ReadGridCells() ?? [];
        GridSummary.Write(cells.Select(c => results.Cell(c.Id).ReadStatus() with { Design = c.Design, Seed = c.Seed }).ToList(), output);
        if (!cells.Any(c => results.Cell(c.Id).IsDone))
        {
            output.WriteLine("report: no cell is done, so there is no report to write");
            return;
        }
        try
        {
            var model = ReportBuilder.Build(results.Root, new ReportOptions());
            output.WriteLine($"report written to {ReportWriter.Write(model, figures: true)}");
        }
        catch (UserInputException e)
        {
            output.WriteLine($"report not written: {e.Message}");
            output.WriteLine($"  write it with: ablation report {results.Root} [--baseline DESIGN]");
        }
    }
}

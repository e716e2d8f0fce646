using System.CommandLine;
using Ablation.Harness.Reporting;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation report &lt;results dir&gt;</c>: the significance report of a grid (finished or not) in
/// &lt;results dir&gt;/report/: report.md, report.html, report.json, tables/*.tex|csv, figures/*.png|svg|pdf.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var set = new ReportOptionSet();
        var noFigures = new Option<bool>("--no-figures") { Description = "Skip the figures (faster; the report then has no images)." };
        var command = new Command("report", "Write the significance report of a grid's results: per-task scores, paired comparisons with CIs and corrected p-values, categories, ranks, power.");
        set.AddTo(command);
        command.Options.Add(noFigures);
        command.SetAction(parse =>
        {
            var options = set.Bind(parse);
            var output = parse.InvocationConfiguration.Output;
            var started = System.Diagnostics.Stopwatch.StartNew();
            var model = ReportOptionSet.BuildWithProgress(output, parse.GetValue(set.Results)!, options);
            string folder = ReportWriter.Write(model, figures: !parse.GetValue(noFigures));
            int missing = model.MissingCells.Count();
            output.WriteLine($"report written to {folder} ({started.Elapsed.TotalSeconds:F1} s)");
            output.WriteLine($"{model.Comparisons.Count} comparisons on {model.Tasks.Count} tasks, {model.Comparisons.Count(c => c.Significant)} significant after {ReportBuilder.CorrectionName(options.Correction)}");
            if (missing > 0)
                output.WriteLine($"grid not finished: {missing} of {model.Cells.Count} cells missing ({string.Join(", ", model.MissingCells.Take(5).Select(c => $"{c.Id} {c.Design} seed {c.Seed} {c.State.ToString().ToLowerInvariant()}"))}{(missing > 5 ? ", ..." : "")})");
            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using Ablation.Harness.Reporting;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation figures &lt;results dir&gt;</c>: redraws every figure (forest plot, heatmap, CD diagram, training curves)
/// into &lt;results dir&gt;/report/figures from the results alone; no training, no evaluation.
/// </summary>
public static class FiguresCommand
{
    public static Command Create()
    {
        var set = new ReportOptionSet();
        var command = new Command("figures", "Redraw the report figures (PNG, SVG, PDF) from a grid's results folder.");
        set.AddTo(command);
        var paper = new PaperOption();
        paper.AddTo(command);
        command.SetAction(parse =>
        {
            var options = set.Bind(parse);
            if (paper.Run(parse, parse.GetValue(set.Results)!, options)) return ExitCodes.Success;
            var output = parse.InvocationConfiguration.Output;
            var model = ReportOptionSet.BuildWithProgress(output, parse.GetValue(set.Results)!, options);
            var (folder, result) = ReportWriter.WriteFigures(model);
            foreach (var f in result.Figures) output.WriteLine(Path.Combine(folder, f.Stem) + ".{png,svg,pdf}");
            foreach (var w in result.Warnings) parse.InvocationConfiguration.Error.WriteLine("warning: " + w);
            return ExitCodes.Success;
        });
        return command;
    }
}

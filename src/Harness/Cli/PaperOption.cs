using System.CommandLine;
using Ablation.Harness.Reporting;
using Ablation.Harness.Reporting.Paper;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation figures &lt;results&gt; --paper NAME [--layers DIR]</c>: one of the papers' tables or figures (or all)
/// into &lt;results&gt;/report/paper/ instead of the report figures; see docs/reproducing.md.
/// </summary>
internal sealed class PaperOption
{
    public readonly ChoiceOption<string> Paper = new("--paper", "Write a paper artefact (or all) instead of the report figures, into <results>/report/paper/.", CliChoices.PaperArtefact);
    public readonly Option<string?> Layers = new("--layers")
    { Description = "For a-fig1 / a-fig2: the output folder of 'ablation analyze layers' (default: its default folder for the grid's base model)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Paper);
        command.Options.Add(Layers);
    }

    /// <summary>Writes the artefact when --paper was given and returns true; false otherwise.</summary>
    public bool Run(ParseResult parse, string results, ReportOptions options)
    {
        if (Paper.GetName(parse) is not { } name) return false;
        var skipped = new List<string>();
        foreach (var file in PaperArtefacts.Write(new PaperRequest(results, name, parse.GetValue(Layers), options), skipped))
            parse.InvocationConfiguration.Output.WriteLine(file);
        foreach (var line in skipped) parse.InvocationConfiguration.Error.WriteLine("warning: " + line);
        return true;
    }
}

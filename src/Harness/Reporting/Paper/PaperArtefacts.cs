using Ablation.Harness.Analysis;
using Ablation.Harness.Cli;
using Ablation.Harness.Figures.Paper;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// Writes one paper artefact (or all of them) into &lt;results&gt;/report/paper/: tables as LaTeX (booktabs) + CSV,
/// figures as PNG + SVG + PDF. Reads the results folder only; the statistics come from the report model.
/// </summary>
public static class PaperArtefacts
{
    public const string All = "all";

    public static readonly IReadOnlyList<string> Names =
    [
        ATable2.Name, FixedFactorTables.PoolingName, FixedFactorTables.AttentionName, LayerArtefacts.Fig1, LayerArtefacts.Fig2,
        BAblationTable.Name, ConvergenceArtefact.Name, ClaimsTable.Name,
    ];

    /// <summary>Validates, then writes; returns the files written.</summary>
    public static IReadOnlyList<string> Write(PaperRequest request)
    {
        string name = request.Paper.Trim().ToLowerInvariant();
        if (name != All && !Names.Contains(name))
            throw new UserInputException($"--paper: unknown artefact '{request.Paper}'; use one of {string.Join(", ", Names)} or {All}");
        string results = Path.GetFullPath(request.Results);
        if (!Directory.Exists(results)) throw new UserInputException($"{results}: results folder not found; give the folder a grid run wrote (it holds grid.json and cells/)");
        string output = PaperTables.OutputFolder(results);
        bool layersOnly = name is LayerArtefacts.Fig1 or LayerArtefacts.Fig2;
        var context = layersOnly && request.Layers is not null ? null : PaperContext.Open(results, request.Options);
        Directory.CreateDirectory(output);

        var files = new List<string>();
        foreach (var artefact in name == All ? Names : [name])
        {
            switch (artefact)
            {
                case ATable2.Name: files.AddRange(Tables(output, ATable2.Build(context!))); break;
                case FixedFactorTables.PoolingName: files.AddRange(Tables(output, FixedFactorTables.Pooling(context!))); break;
                case FixedFactorTables.AttentionName: files.AddRange(Tables(output, FixedFactorTables.Attention(context!))); break;
                case BAblationTable.Name: files.AddRange(Tables(output, BAblationTable.Build(context!))); break;
                case ClaimsTable.Name: files.AddRange(Tables(output, ClaimsTable.Build(context!))); break;
                case ConvergenceArtefact.Name: files.AddRange(ConvergenceArtefact.Write(context!, output)); break;
                case LayerArtefacts.Fig1: files.AddRange(LayerArtefacts.WriteFig1(LayersFolder(request, context), output)); break;
                case LayerArtefacts.Fig2: files.AddRange(LayerArtefacts.WriteFig2(LayersFolder(request, context), output)); break;
            }
        }
        return files;
    }

    private static IEnumerable<string> Tables(string output, IReadOnlyList<ReportTable> tables) => tables.SelectMany(t => PaperTables.Write(output, t));

    /// <summary>--layers, else where 'ablation analyze layers' writes by default for the grid's base model.</summary>
    private static string LayersFolder(PaperRequest request, PaperContext? context)
    {
        if (request.Layers is not null) return request.Layers;
        var config = context!.Folder.Cells.Select(c => Path.Combine(c.Folder, "config.json")).FirstOrDefault(File.Exists)
            ?? throw new UserInputException($"--paper a-fig1/a-fig2: no cell of {context.Folder.Path} has a config.json naming the base model; pass --layers DIR (the output of ablation analyze layers)");
        return LayerAnalyzer.DefaultOutput(BaseModel(config));
    }

    private static string BaseModel(string config)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        return doc.RootElement.TryGetProperty("base", out var b) && b.TryGetProperty("model", out var m) && m.GetString() is { } s ? s
            : throw new UserInputException($"{config} $.base.model: missing; pass --layers DIR (the output of ablation analyze layers)");
    }
}

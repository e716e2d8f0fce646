using Ablation.Harness.Analysis;
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

    /// <summary>
    /// Validates, then writes; returns the files written. With <see cref="All"/>, an artefact whose designs or inputs
    /// are missing is skipped with its reason in <paramref name="skipped"/> (an error only when none could be written).
    /// </summary>
    public static IReadOnlyList<string> Write(PaperRequest request, List<string>? skipped = null)
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
            if (name == All)
            {
                try { files.AddRange(One(artefact, request, context, output)); }
                catch (UserInputException e) { skipped?.Add($"{artefact} skipped: {e.Message}"); }
            }
            else files.AddRange(One(artefact, request, context, output));
        }
        if (files.Count == 0 && name == All)
            throw new UserInputException($"--paper all: no artefact could be written for {results}; run one by name to see why (e.g. --paper {ATable2.Name})");
        return files;
    }

    private static IReadOnlyList<string> One(string artefact, PaperRequest request, PaperContext? context, string output) => artefact switch
    {
        ATable2.Name => Tables(output, ATable2.Build(context!)),
        FixedFactorTables.PoolingName => Tables(output, FixedFactorTables.Pooling(context!)),
        FixedFactorTables.AttentionName => Tables(output, FixedFactorTables.Attention(context!)),
        BAblationTable.Name => Tables(output, BAblationTable.Build(context!)),
        ClaimsTable.Name => Tables(output, ClaimsTable.Build(context!)),
        ConvergenceArtefact.Name => ConvergenceArtefact.Write(context!, output),
        LayerArtefacts.Fig1 => LayerArtefacts.WriteFig1(LayersFolder(request, context), output),
        LayerArtefacts.Fig2 => LayerArtefacts.WriteFig2(LayersFolder(request, context), output),
        _ => throw new InvalidOperationException(artefact),
    };

    private static IReadOnlyList<string> Tables(string output, IReadOnlyList<ReportTable> tables) => tables.SelectMany(t => PaperTables.Write(output, t)).ToList();

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

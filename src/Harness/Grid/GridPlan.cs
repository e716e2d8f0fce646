using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Harness.IO;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Grid;

/// <summary>
/// A validated, expanded grid: its designs, the baseline design (null when the grid names none), and every cell
/// (design × seed), seed-major: all designs with the first seed, then all with the second, so a grid stopped early
/// still has comparable designs.
/// </summary>
public sealed record GridPlan(string Name, string SourcePath, IReadOnlyList<DesignPlan> Designs, DesignPlan? Baseline,
    IReadOnlyList<int> Seeds, IReadOnlyList<CellPlan> Cells, EvaluationSpec Evaluation)
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The design called <paramref name="name"/>.</summary>
    public DesignPlan Design(string name) => Designs.First(d => d.Name == name);

    /// <summary>
    /// <c>grid.json</c> as docs/results-layout.md describes it: format, name, source, baseline, designs (dotted
    /// settings), cells (id, design, seed) and evaluation.
    /// </summary>
    public string ToGridJson()
    {
        var designs = new JsonObject();
        foreach (var design in Designs)
        {
            var settings = new JsonObject();
            foreach (var (key, value) in design.Settings)
                if (ModelSpecSettings.Find(key) is { } setting)
                    settings[key] = JsonNode.Parse(WriteValue(setting, value));
            designs[design.Name] = settings;
        }
        var cells = new JsonArray();
        foreach (var cell in Cells)
            cells.Add(new JsonObject { ["id"] = cell.Id, ["design"] = cell.Design, ["seed"] = cell.Seed });
        var evaluation = new JsonObject();
        foreach (var setting in ModelSpecSettings.All.Where(s => s.Section == "evaluation"))
            evaluation[setting.Name] = JsonNode.Parse(WriteValue(setting, setting.Get(new ModelSpec { Evaluation = Evaluation })));
        var root = new JsonObject
        {
            ["format"] = 1,
            ["name"] = Name,
            ["source"] = SourcePath,
            ["baseline"] = Baseline?.Name,
            ["seeds"] = new JsonArray(Seeds.Select(s => (JsonNode?)s).ToArray()),
            ["designs"] = designs,
            ["cells"] = cells,
            ["evaluation"] = evaluation,
        };
        return root.ToJsonString(JsonOptions) + "\n";
    }

    /// <summary>Writes <c>grid.json</c> into <paramref name="resultsFolder"/> (the grid's results folder) atomically.</summary>
    public void WriteGridJson(string resultsFolder)
    {
        Directory.CreateDirectory(resultsFolder);
        AtomicFile.WriteAllText(Path.Combine(resultsFolder, "grid.json"), ToGridJson());
    }

    private static string WriteValue(ModelSpecSetting setting, object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) setting.Type.Write(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

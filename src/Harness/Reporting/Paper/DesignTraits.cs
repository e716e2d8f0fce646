using System.Globalization;
using System.Text.Json;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// The settings that decide which paper model a design is, read from a cell's resolved <c>config.json</c> (the
/// canonical ModelSpec JSON, defaults written out), so designs are recognised by what they are, not by their names.
/// </summary>
public sealed record DesignTraits(string Design, string Pooling, string Attention, IReadOnlyList<string> Stages, double WD2Q, double WQ2D,
    int ContrastiveSteps, string ContrastiveSchedule)
{
    public bool HasStages(params string[] stages) => Stages.SequenceEqual(stages);

    /// <summary>The settings in words, for tables and messages.</summary>
    public string Describe() =>
        $"pooling={Pooling}, attention={Attention}, stages=[{string.Join(", ", Stages)}]" +
        (Stages.Contains("reconstruction") ? string.Create(CultureInfo.InvariantCulture, $", w_d2q={WD2Q:0.###}, w_q2d={WQ2D:0.###}") : "");

    /// <summary>Traits of every design that has a cell with a config.json (the first such cell in grid order).</summary>
    public static IReadOnlyList<DesignTraits> ReadAll(ResultsFolder folder)
    {
        var result = new List<DesignTraits>();
        foreach (var design in folder.Designs)
        {
            var config = folder.Cells.Where(c => c.Design == design).Select(c => Path.Combine(c.Folder, "config.json")).FirstOrDefault(File.Exists);
            if (config is not null) result.Add(Read(design, config));
        }
        return result;
    }

    public static DesignTraits Read(string design, string configPath)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllText(configPath)); }
        catch (JsonException e) { throw new UserInputException($"{configPath} line {e.LineNumber + 1}: not valid JSON; the runner writes the cell's resolved config there (re-run the cell)"); }
        using (doc)
        {
            var root = doc.RootElement;
            string Text(JsonElement e, string key, string fallback) =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString()!
                    : throw new UserInputException($"{configPath} $.{key}: not a string; the cell's config.json is the canonical ModelSpec JSON") : fallback;
            double Number(JsonElement e, string key, double fallback) =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) ? v.ValueKind == JsonValueKind.Number ? v.GetDouble()
                    : throw new UserInputException($"{configPath} $.{key}: not a number; the cell's config.json is the canonical ModelSpec JSON") : fallback;
            var stages = new List<string>();
            if (root.TryGetProperty("stages", out var s))
            {
                if (s.ValueKind != JsonValueKind.Array) throw new UserInputException($"{configPath} $.stages: not an array of stage names");
                foreach (var stage in s.EnumerateArray()) stages.Add(stage.GetString() ?? "");
            }
            else stages.Add("contrastive");
            var rec = root.TryGetProperty("reconstruction", out var r) ? r : default;
            var con = root.TryGetProperty("contrastive", out var c) ? c : default;
            return new DesignTraits(design, Text(root, "pooling", "eos_last"), Text(root, "attention", "causal"), stages,
                Number(rec, "w_d2q", 0.8), Number(rec, "w_q2d", 0.2), (int)Number(con, "steps", 100), Text(con, "schedule", "linear"));
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Grid;

/// <summary>
/// The JSON Schema (draft 2020-12) of grid files, generated from the same setting list the reader uses, so editors
/// can complete and check grids; <c>experiments/grid.schema.json</c> is this text (a test keeps them equal).
/// </summary>
public static class GridSchema
{
    /// <summary>The schema as indented JSON ending with a newline.</summary>
    public static string Generate()
    {
        var defs = new JsonObject();
        foreach (var section in ModelSpecSettings.Sections)
            defs[section] = SectionSchema(section);
        defs["defaults"] = SpecSchema("Settings every design starts from (base, data and evaluation have their own top-level keys).",
            key => key.Split('.')[0] is not ("base" or "data" or "evaluation"));
        defs["design"] = SpecSchema("Settings of one named design (every design runs with every seed).", key => key != "seed");
        defs["selection"] = Selection();

        var axes = new JsonObject();
        foreach (var setting in ModelSpecSettings.All)
            axes[setting.Key] = new JsonObject
            {
                ["description"] = $"values of {setting.Key}: {setting.Description}",
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = setting.Type.Schema(),
            };

        var properties = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string" },
            ["name"] = new JsonObject { ["description"] = "the grid's name; names its results folder", ["type"] = "string", ["pattern"] = "^[A-Za-z0-9._-]+$" },
            ["description"] = new JsonObject { ["type"] = "string" },
            ["base"] = new JsonObject { ["allOf"] = new JsonArray(Ref("base"), new JsonObject { ["required"] = new JsonArray("model") }) },
            ["data"] = Ref("data"),
            ["defaults"] = Ref("defaults"),
            ["axes"] = new JsonObject
            {
                ["description"] = "settings by dotted name, each with the values to cross; seed gives every design's seeds",
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["properties"] = axes,
            },
            ["designs"] = new JsonObject
            {
                ["description"] = "named designs: design name -> its settings",
                ["type"] = "object",
                ["minProperties"] = 1,
                ["additionalProperties"] = Ref("design"),
            },
            ["include"] = new JsonObject { ["type"] = "array", ["items"] = Ref("selection") },
            ["exclude"] = new JsonObject { ["type"] = "array", ["items"] = Ref("selection") },
            ["baseline"] = new JsonObject
            {
                ["description"] = "a design name, or settings that match exactly one design",
                ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, Ref("selection"), new JsonObject { ["type"] = "null" }),
            },
            ["evaluation"] = Ref("evaluation"),
        };
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "Ablation grid file (docs/grid-format.md)",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray("name", "base"),
            ["properties"] = properties,
            ["$defs"] = defs,
        };
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/$defs/" + name };

    private static JsonNode SectionSchema(string section)
    {
        var properties = new JsonObject();
        foreach (var setting in ModelSpecSettings.All.Where(s => s.Section == section))
            properties[setting.Name] = Described(setting);
        var schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
        return section == ModelSpecSettings.PoolingHead
            ? new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) }
            : schema;
    }

    private static JsonObject SpecSchema(string description, Func<string, bool> allowed)
    {
        var properties = new JsonObject();
        foreach (var key in ModelSpecSettings.TopLevelKeys.Where(allowed))
            properties[key] = ModelSpecSettings.Sections.Contains(key) ? Ref(key) : Described(ModelSpecSettings.Find(key)!);
        foreach (var setting in ModelSpecSettings.All.Where(s => s.Section != "" && allowed(s.Key)))
            properties[setting.Key] = Described(setting);
        return new JsonObject { ["description"] = description, ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    /// <summary>include / exclude entries and baseline objects: setting → a value or an array of alternatives.</summary>
    private static JsonObject Selection()
    {
        var properties = new JsonObject();
        foreach (var setting in ModelSpecSettings.All.Where(s => s.Key != "seed"))
            properties[setting.Key] = new JsonObject
            {
                ["anyOf"] = new JsonArray(setting.Type.Schema(),
                    new JsonObject { ["type"] = "array", ["minItems"] = 1, ["items"] = setting.Type.Schema() }),
            };
        return new JsonObject
        {
            ["description"] = "settings by dotted name; an array gives alternatives (for stages or lora.targets, an array of arrays)",
            ["type"] = "object",
            ["minProperties"] = 1,
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
    }

    private static JsonObject Described(ModelSpecSetting setting)
    {
        var schema = setting.Type.Schema();
        var described = new JsonObject { ["description"] = setting.Description };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            described[key] = value;
        }
        return described;
    }
}

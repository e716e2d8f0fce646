using System.Text.Json;
using Ablation.Harness.Grid;
using Ablation.Harness.Training.Spec;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Grid;

public sealed class GridSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepoPaths.Root, "experiments", "grid.schema.json");

    [Fact]
    public void SchemaPropertyNamesAreTheReadersKeys()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var root = doc.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal(GridFile.Keys.Order(), Names(root.GetProperty("properties")).Order());
        Assert.Equal(ModelSpecSettings.Keys.Order(), Names(root.GetProperty("properties").GetProperty("axes").GetProperty("properties")).Order());
        var defs = root.GetProperty("$defs");
        Assert.Equal(ModelSpecSettings.TopLevelKeys.Concat(ModelSpecSettings.Keys).Distinct().Where(k => k != "seed").Order(),
            Names(defs.GetProperty("design").GetProperty("properties")).Order());
        foreach (var section in ModelSpecSettings.Sections)
        {
            var schema = defs.GetProperty(section);
            if (schema.TryGetProperty("anyOf", out var any)) schema = any[0];
            Assert.Equal(ModelSpecSettings.KeysIn(section).Order(), Names(schema.GetProperty("properties")).Order());
        }
        Assert.Equal(["causal", "bidirectional"], defs.GetProperty("design").GetProperty("properties").GetProperty("attention")
            .GetProperty("enum").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public void CommittedSchemaIsTheGeneratedOne()
    {
        string generated = GridSchema.Generate();
        if (Environment.GetEnvironmentVariable("ABLATION_UPDATE_SCHEMA") == "1") File.WriteAllText(SchemaPath, generated);
        Assert.True(generated == File.ReadAllText(SchemaPath),
            "experiments/grid.schema.json is out of date; regenerate it with ABLATION_UPDATE_SCHEMA=1 dotnet test --filter GridSchemaTests");
    }

    private static IEnumerable<string> Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name);
}

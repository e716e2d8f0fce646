using System.Diagnostics;
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

    [Fact]
    public void AnIndependentValidatorAcceptsTheExperimentsAndRejectsSingleValueMistakes()
    {
        // tests/fixtures/grids/check_schema.py: python3-jsonschema (draft 2020-12) over experiments/ and bad/.
        var psi = new ProcessStartInfo("/usr/bin/python3", [RepoPaths.Fixture("grids", "check_schema.py")])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, output + error);
        Assert.StartsWith("ok: ", output);
        Assert.Contains("24 bad grids rejected", output);
    }

    private static IEnumerable<string> Names(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name);
}

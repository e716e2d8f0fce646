using System.Text.RegularExpressions;
using Ablation.Harness.Grid;
using Ablation.Harness.Training.Spec;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Grid;

/// <summary>docs/grid-format.md documents every key, and its example is a grid the reader accepts as described.</summary>
public sealed class GridFormatDocTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "grid-format.md"));

    [Fact]
    public void EveryKeyAndSettingIsDocumented()
    {
        foreach (var key in GridFile.Keys)
            Assert.Contains($"| `{key}` |", Doc);
        foreach (var setting in ModelSpecSettings.All)
        {
            string row = ModelSpecSettings.StageSections.Contains(setting.Section) && !Doc.Contains($"| `{setting.Key}` |")
                ? $"| `<stage>.{setting.Name}` |" : $"| `{setting.Key}` |";
            Assert.True(Doc.Contains(row), $"docs/grid-format.md has no row for {setting.Key}");
        }
    }

    [Fact]
    public void TheExampleExpandsAsTheDocSays()
    {
        var example = Regex.Match(Doc, "```jsonc\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var plan = GridFile.Parse(example, "example.jsonc", "/tmp");
        Assert.Equal(10, plan.Designs.Count);
        Assert.Equal(30, plan.Cells.Count);
        Assert.Contains("3 × 2 × 2 = 12 points, minus the 2 excluded = 10 designs, × 3 seeds = 30 cells.", Doc);
    }

    [Fact]
    public void TheDocumentedIdOfTheDefaultSpecIsItsId() =>
        Assert.Contains($"(id\n`{ModelSpecWriter.Hash(ModelSpecWriter.Write(new ModelSpec()))}`", Doc);
}

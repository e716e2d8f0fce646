using System.Text.Json;
using Ablation.Harness.Data;
using Ablation.Harness.Data.Foldoc;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Data;

/// <summary>FOLDOC articles cut from dict-foldoc; expected values from make_data_fixtures.py's own parse.</summary>
public class FoldocParserTests
{
    [Fact]
    public void RealDefinitionsKeepCategoryAndPlainTextAndStubsAreDropped()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("data", "foldoc", "expected.json"))).RootElement.EnumerateArray().ToList();
        var entries = FoldocParser.Read(RepoPaths.Fixture("data", "foldoc", "foldoc.index"));
        var kept = expected.Where(e => e.GetProperty("definition_words").GetInt32() >= FoldocParser.MinDefinitionWords).ToList();
        Assert.Equal(kept.Select(e => e.GetProperty("display")[0].GetString()), entries.Select(e => e.Term));
        foreach (var (e, entry) in kept.Zip(entries))
        {
            var category = e.GetProperty("first_category");
            Assert.Equal(category.ValueKind == JsonValueKind.Null ? null : category.GetString(), entry.Category);
            Assert.StartsWith(e.GetProperty("definition_start").GetString()!, entry.Definition);
            Assert.DoesNotContain("{", entry.FullText);
            Assert.DoesNotMatch(@"\(\d{4}-\d{2}-\d{2}\)$", entry.FullText);
        }
        // "AST" (two one-line senses) and "Association for SIMULA Users" ("See {SIMULA}.") are not definitions.
        Assert.DoesNotContain(entries, e => e.Term is "AST" or "Association for SIMULA Users");
    }

    [Fact]
    public void MarkupIsRemoved()
    {
        Assert.Equal("More about FOLDOC.", FoldocParser.Plain("{More about FOLDOC (about.html)}."));
        Assert.Equal("See: .", FoldocParser.Plain("See: {(http://afuu.fr/)}."));
        Assert.Equal("a data parallel (SIMD) processor", FoldocParser.Plain("a {data\n   parallel} ({SIMD}) processor"));
    }

    [Fact]
    public void ArticleWithoutHeadwordBlockNamesFileAndLine()
    {
        var error = Assert.Throws<DataFormatException>(() => FoldocParser.Parse("   <programming> no headword block", "foldoc.index", 17));
        Assert.StartsWith("foldoc.index line 17:", error.Message);
    }
}

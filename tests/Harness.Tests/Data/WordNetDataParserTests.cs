using System.Text.Json;
using Ablation.Harness.Data;
using Ablation.Harness.Data.WordNet;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Data;

/// <summary>
/// The WordNet parser against real data.* lines cut by tests/fixtures/data/make_data_fixtures.py, whose expected
/// values come from an independent Python parser written from man 5 wndb.
/// </summary>
public class WordNetDataParserTests
{
    private static readonly string Folder = RepoPaths.Fixture("data", "wordnet");

    private static List<JsonElement> Expected() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json"))).RootElement.EnumerateArray().ToList();

    [Fact]
    public void EverySynsetMatchesTheIndependentParse()
    {
        var db = WordNetDatabase.Load(Folder);
        var expected = Expected();
        Assert.Equal(expected.Count, db.Synsets.Count);
        foreach (var e in expected)
        {
            var s = db[e.GetProperty("id").GetString()!];
            Assert.Equal(e.GetProperty("lex_filenum").GetInt32(), s.LexFileNumber);
            Assert.Equal(e.GetProperty("type").GetString()![0], s.SynsetType);
            Assert.Equal(e.GetProperty("lemmas").EnumerateArray().Select(x => x.GetString()), s.Lemmas);
            Assert.Equal(e.GetProperty("definition").GetString(), s.Definition);
            Assert.Equal(e.GetProperty("examples").EnumerateArray().Select(x => x.GetString()), s.Examples);
            var pointers = e.GetProperty("pointers").EnumerateArray().ToList();
            Assert.Equal(pointers.Count, s.Pointers.Count);
            for (int i = 0; i < pointers.Count; i++)
            {
                Assert.Equal(pointers[i].GetProperty("symbol").GetString(), s.Pointers[i].Symbol);
                Assert.Equal(pointers[i].GetProperty("target").GetString(), s.Pointers[i].TargetId);
                Assert.Equal(pointers[i].GetProperty("source").GetInt32(), s.Pointers[i].SourceWord);
                Assert.Equal(pointers[i].GetProperty("target_word").GetInt32(), s.Pointers[i].TargetWord);
            }
        }
    }

    [Fact]
    public void KnownSynsetsHaveTheirDocumentedFields()
    {
        var db = WordNetDatabase.Load(Folder);
        var dog = db["n02084071"];
        Assert.Equal("noun.animal", dog.Category);
        Assert.Equal(["dog", "domestic dog", "Canis familiaris"], dog.LemmaTexts);
        Assert.Equal(["n02083346", "n01317541"], dog.Pointers.Where(p => p.IsHypernym).Select(p => p.TargetId));
        var whole = db["n00003553"];
        Assert.Equal("an assemblage of parts that is regarded as a single entity", whole.Definition);
        Assert.Equal(["how big is that part compared to the whole?", "the team is a unit"], whole.Examples);
        // Satellite adjective: stored in data.adj, id uses "a", adjective markers (ip)/(p) stripped.
        var abounding = db["a00014358"];
        Assert.Equal('s', abounding.SynsetType);
        Assert.Equal(["abounding", "galore"], abounding.Lemmas);
        Assert.Equal("verb.body", db["v00001740"].Category);
    }

    [Theory]
    [InlineData("00001740 03 n 01 entity 0 003 ~ 00001930 n 0000 ~ 00002137 n 0000 ~ 04424418 n 0000 that which is", "no ' | '")]
    [InlineData("0000174x 03 n 01 entity 0 000 | a thing", "synset offset")]
    [InlineData("00001740 03 q 01 entity 0 000 | a thing", "ss_type")]
    [InlineData("00001740 77 n 01 entity 0 000 | a thing", "lex_filenum 77")]
    [InlineData("00001740 03 n 01 entity 0 002 ~ 00001930 n 0000 | a thing", "pointer 2")]
    [InlineData("00001740 03 n 01 entity 0 001 ~ 0000193 n 0000 | a thing", "pointer 1")]
    [InlineData("00001740 03 n 01 entity 0 000 | \"only an example\"", "no definition")]
    public void MalformedLinesNameFileLineAndProblem(string line, string problem)
    {
        string folder = Directory.CreateTempSubdirectory("wn-bad").FullName;
        try
        {
            string path = Path.Combine(folder, "data.noun");
            var good = File.ReadLines(Path.Combine(Folder, "data.noun")).Take(31).ToList(); // 29 header lines + 2 synsets
            File.WriteAllLines(path, [.. good, line]);
            var error = Assert.Throws<DataFormatException>(() => WordNetDataParser.ReadFile(path));
            Assert.Equal(32, error.Line);
            Assert.StartsWith("data.noun line 32:", error.Message);
            Assert.Contains(problem, error.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void GlossSplitsDefinitionFromQuotedExamplesAndDropsAttributions()
    {
        var (definition, examples) = WordNetDataParser.SplitGloss(
            "a medium that disseminates moving pictures; \"she is a star of screen and video\"; \"Television is a medium because it is neither rare nor well done\" - Ernie Kovacs  ");
        Assert.Equal("a medium that disseminates moving pictures", definition);
        Assert.Equal(["she is a star of screen and video", "Television is a medium because it is neither rare nor well done"], examples);
    }
}

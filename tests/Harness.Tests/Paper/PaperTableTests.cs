using System.Text.Json;
using Ablation.Harness.Reporting;
using Ablation.Harness.Reporting.Paper;
using Ablation.Harness.Tests.Reporting;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Paper;

/// <summary>
/// A results folder with paper A's five models under unrelated names in shuffled order, whose per-task main scores
/// are those of tests/fixtures/paper/table2.json (made by make_table2_fixture.py with scipy).
/// </summary>
public sealed class Table2Folder : IDisposable
{
    private readonly TempFolder Dir = new();
    public readonly JsonElement Fixture;
    public readonly PaperContext Context;

    /// <summary>Design name → paper model.</summary>
    public static readonly (string Name, string Model)[] Names = [("base", "M1"), ("mlb", "M5"), ("llc", "M2"), ("llb", "M4"), ("mlc", "M3")];

    public Table2Folder()
    {
        Fixture = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("paper", "table2.json"))).RootElement;
        var specs = new Dictionary<string, Ablation.Harness.Training.Spec.ModelSpec>
        {
            ["M1"] = PaperFolder.Spec(), ["M2"] = PaperFolder.Spec("last_layer_trainable"), ["M3"] = PaperFolder.Spec("multi_layer_trainable"),
            ["M4"] = PaperFolder.Spec("last_layer_trainable", "bidirectional"), ["M5"] = PaperFolder.Spec("multi_layer_trainable", "bidirectional"),
        };
        var tasks = Fixture.GetProperty("tasks").EnumerateArray().Select(t => (t.GetProperty("name").GetString()!, t.GetProperty("category").GetString()!)).ToArray();
        var scores = Fixture.GetProperty("scores");
        new PaperFolder
        {
            Designs = Names.Select(n => (n.Name, specs[n.Model])).ToArray(), Tasks = tasks,
            // Each seed's per-item scores average to the fixture's task score, so the seed mean is that score too.
            Scores = (design, seed, task) => PaperFolder.AroundMean(scores.GetProperty(Model(design)).GetProperty(task).GetDouble(), 20, seed * 31 + task.Length * 7 + design.Length),
        }.Write(Dir.Path);
        Context = PaperContext.Open(Dir.Path, new ReportOptions { Resamples = 199, Threads = 2 });
    }

    public static string Model(string design) => Names.First(n => n.Name == design).Model;
    public static string Design(string model) => Names.First(n => n.Model == model).Name;

    public IEnumerable<(string A, string B, string Category, double Delta, double P)> Expected() =>
        Fixture.GetProperty("expected").EnumerateArray().Select(e => (e.GetProperty("a").GetString()!, e.GetProperty("b").GetString()!,
            e.GetProperty("category").GetString()!, e.GetProperty("delta").GetDouble(), e.GetProperty("wilcoxon_p").GetDouble()));

    public void Dispose() => Dir.Dispose();
}

/// <summary>Paper A's tables on known per-task scores: Δ and stars as scipy computes them, the right pairs, the report model's own categories.</summary>
public sealed class PaperTableTests(Table2Folder folder) : IClassFixture<Table2Folder>
{
    private static string Heading(string category) => PaperTables.PaperACategories.First(c => c.Category == category).Heading;

    [Fact]
    public void Designs_AreRecognisedBySettings_NotNames()
    {
        foreach (var (name, model) in Table2Folder.Names) Assert.Equal(name, folder.Context.Roles[model]);
        Assert.Equal(folder.Context.Roles[PaperRoles.M1], folder.Context.Roles[PaperRoles.StageTwoOnly]);   // EOS-last, causal, stage II only
        Assert.False(folder.Context.Roles.ContainsKey(PaperRoles.Both));
    }

    [Fact]
    public void CategoryDeltasAndWilcoxon_EqualScipy()
    {
        var expected = folder.Expected().ToList();
        Assert.Equal(32, expected.Count);
        foreach (var (a, b, category, delta, p) in expected)
        {
            var c = CategoryComparison.Of(folder.Context, category, Table2Folder.Design(a), Table2Folder.Design(b));
            Assert.Equal(delta, c.Delta, 1e-9);
            Assert.Equal(p, c.WilcoxonP!.Value, 1e-9);
            Assert.Equal(p < 0.05, c.Star);
        }
        // Both sides of the 0.05 line occur, so the stars are a real check.
        Assert.Contains(expected, e => e.P < 0.05);
        Assert.Contains(expected, e => e.P >= 0.05);
    }

    [Fact]
    public void ATable2_HasThePapersLayout_WithFixtureDeltasAndStars()
    {
        var tables = ATable2.Build(folder.Context);
        var t = tables[0];
        Assert.Equal("a-table2", t.Name);
        Assert.Equal(["Model", "Pooling", "Attention", "Design", "STS", "STS per-item", "Clas.", "Clas. per-item", "Retr.", "Retr. per-item", "Clus.", "Clus. per-item"], t.Header);
        Assert.Equal(["1", "2", "3", "4", "5"], t.Rows.Select(r => r[0]));
        Assert.Equal(["base", "llc", "mlc", "llb", "mlb"], t.Rows.Select(r => r[3]));
        Assert.Equal(["EOS-Last Token", "Last-Layer Trainable", "Multi-Layers Trainable", "Last-Layer Trainable", "Multi-Layers Trainable"], t.Rows.Select(r => r[1]));
        Assert.Equal(["Causal", "Causal", "Causal", "Bidirectional", "Bidirectional"], t.Rows.Select(r => r[2]));
        var scores = folder.Fixture.GetProperty("scores").GetProperty("M1");
        var tasks = folder.Fixture.GetProperty("tasks").EnumerateArray().Select(x => (Name: x.GetProperty("name").GetString()!, Category: x.GetProperty("category").GetString()!)).ToList();
        foreach (var (category, heading) in PaperTables.PaperACategories)
        {
            double absolute = tasks.Where(x => x.Category == category).Average(x => scores.GetProperty(x.Name).GetDouble());
            Assert.Equal(Fmt.Num(absolute), t.Rows[0][t.Header.ToList().IndexOf(heading)]);
        }
        int stars = 0;
        foreach (var (a, b, category, delta, p) in folder.Expected().Where(e => e.B == "M1"))
        {
            var row = t.Rows.Single(r => r[0] == a[1..]);
            string cell = row[t.Header.ToList().IndexOf(Heading(category))];
            Assert.Equal(Fmt.Signed(delta) + (p < 0.05 ? "*" : ""), cell);
            if (p < 0.05) stars++;
            Assert.Matches(@"^\d+↑ \d+↓ of \d+$", row[t.Header.ToList().IndexOf(Heading(category) + " per-item")]);
        }
        Assert.InRange(stars, 1, 15);
        // The detail table holds one row per model, category task: 4 models × 25 tasks.
        Assert.Equal(4 * 25, tables[1].Rows.Count);
    }

    [Fact]
    public void ATable2_AgreesWithTheReportModelsCategoryTable()
    {
        var m = folder.Context.Model;
        Assert.Equal("base", m.Baseline);
        foreach (var summary in m.Categories)
            foreach (var row in summary.Rows.Where(r => !r.IsBaseline))
            {
                var c = CategoryComparison.Of(folder.Context, summary.Category, row.Design, "base");
                Assert.Equal(row.Value, c.Delta, 1e-12);
                Assert.Equal(row.WilcoxonP!.Value, c.WilcoxonP!.Value, 1e-12);
                Assert.Equal(row.Better, c.Better);
                Assert.Equal(row.Worse, c.Worse);
            }
    }

    [Fact]
    public void ATable3And4_PickTheRightPairs()
    {
        var t3 = FixedFactorTables.Pooling(folder.Context)[0];
        Assert.Equal(["Causal", "Causal", "Causal", "Bidirectional"], t3.Rows.Select(r => r[0]));
        Assert.Equal(["llc − base", "mlc − base", "mlc − llc", "mlb − llb"], t3.Rows.Select(r => r[2]));
        Assert.Equal(["Model 2 vs Model 1", "Model 3 vs Model 1", "Model 3 vs Model 2", "Model 5 vs Model 4"], t3.Rows.Select(r => r[1]));
        var t4 = FixedFactorTables.Attention(folder.Context)[0];
        Assert.Equal(["Last-Layer Trainable", "Multi-Layers Trainable"], t4.Rows.Select(r => r[0]));
        Assert.Equal(["llb − llc", "mlb − mlc"], t4.Rows.Select(r => r[2]));
        foreach (var (table, pairs) in new[] { (t3, new[] { ("M2", "M1"), ("M3", "M1"), ("M3", "M2"), ("M5", "M4") }), (t4, new[] { ("M4", "M2"), ("M5", "M3") }) })
            for (int i = 0; i < pairs.Length; i++)
                foreach (var (a, b, category, delta, p) in folder.Expected().Where(e => (e.A, e.B) == pairs[i]))
                    Assert.Equal(Fmt.Signed(delta) + (p < 0.05 ? "*" : ""), table.Rows[i][table.Header.ToList().IndexOf(Heading(category))]);
    }
}

using System.Globalization;
using System.Xml.Linq;
using Ablation.Harness.Analysis;
using Ablation.Harness.Reporting;
using Ablation.Harness.Reporting.Paper;
using Ablation.Harness.Tests.Cli;
using Ablation.Harness.Tests.Reporting;
using CsvHelper;
using static Ablation.Harness.Tests.Paper.PaperFolder;

namespace Ablation.Harness.Tests.Paper;

/// <summary>Paper B's designs recognised by settings; clear errors for missing and ambiguous designs; every artefact's files parse.</summary>
public sealed class PaperArtefactTests
{
    private static double[] Noise(string design, int seed, string task) =>
        new Random(seed * 100 + design.Length * 10 + task.Length).Let(r => Enumerable.Range(0, 30).Select(i => 0.5 + 0.01 * i + 0.1 * Gauss(r)).ToArray());

    private static readonly (string, string)[] Tasks = [("Sts1", "sts"), ("Class1", "classification"), ("Retr1", "retrieval"), ("Retr2", "retrieval"), ("Clus1", "clustering")];

    private static ReportOptions Fast => new() { Resamples = 199, Threads = 2 };

    [Fact]
    public void BAblation_RecognisesDesignsBySettings()
    {
        using var dir = new TempFolder();
        new PaperFolder
        {
            // Names that say nothing, in an order unlike the paper's.
            Designs = [("zeta", Spec(stages: RecCon, wD2Q: 0, wQ2D: 1)), ("alpha", Spec()), ("mu", Spec(stages: RecCon, wD2Q: 1, wQ2D: 0)),
                ("omega", Spec(stages: RecCon)), ("kappa", Spec(stages: [Ablation.Harness.Training.Spec.StageKind.Reconstruction]))],
            Tasks = Tasks, Scores = Noise,
        }.Write(dir.Path);
        var context = PaperContext.Open(dir.Path, Fast);
        Assert.Equal("alpha", context.Roles[PaperRoles.StageTwoOnly]);
        Assert.Equal("omega", context.Roles[PaperRoles.Both]);
        Assert.Equal("mu", context.Roles[PaperRoles.D2QOnly]);
        Assert.Equal("zeta", context.Roles[PaperRoles.Q2DOnly]);
        Assert.Equal("kappa", context.Roles[PaperRoles.StageOneOnly]);
        var t = BAblationTable.Build(context)[0];
        Assert.Equal(["alpha", "omega", "mu", "zeta", "kappa", "omega", "omega"], t.Rows.Select(r => r[1]));
        Assert.Equal(["–", "0.8", "1", "0", "0.8", "0.8", "0.8"], t.Rows.Select(r => r[3]));
        Assert.Equal(["(absolute)", "Stage II only (baseline) (alpha)", "Stage II only (baseline) (alpha)", "Stage II only (baseline) (alpha)",
            "Stage II only (baseline) (alpha)", "Stage I (EBD2Q only) + II (mu)", "Stage I (EBQ2D only) + II (zeta)"], t.Rows.Select(r => r[5]));
        Assert.Contains("all tasks", t.Header);
        // Each Δ is the mean of the per-task differences of seed means.
        var m = context.Model;
        double expected = new[] { "Retr1", "Retr2" }.Average(x => m.Score(x, "omega")!.Mean - m.Score(x, "alpha")!.Mean);
        Assert.StartsWith(Fmt.Signed(expected), t.Rows[1][t.Header.ToList().IndexOf("retrieval")]);
    }

    [Fact]
    public void MissingDesign_IsNamedBySettings()
    {
        using var dir = new TempFolder();
        new PaperFolder { Designs = [("a", Spec()), ("b", Spec(stages: RecCon)), ("c", Spec(stages: RecCon, wD2Q: 1, wQ2D: 0))], Tasks = Tasks, Scores = Noise }.Write(dir.Path);
        var context = PaperContext.Open(dir.Path, Fast);
        var e = Assert.Throws<UserInputException>(() => BAblationTable.Build(context));
        Assert.Contains("w_d2q = 0, w_q2d > 0", e.Message);
        Assert.Contains("EBQ2D only", e.Message);
        var a = Assert.Throws<UserInputException>(() => ATable2.Build(context));
        Assert.Contains("pooling=last_layer_trainable, attention=causal", a.Message);
    }

    [Fact]
    public void TwoDesignsWithTheSameSettings_AreAnError_UnlessOnlyStageTwoStepsDiffer()
    {
        using var dir = new TempFolder();
        new PaperFolder { Designs = [("one", Spec()), ("two", Spec() with { Lora = new() { R = 8 } })], Tasks = Tasks, Scores = Noise }.Write(dir.Path);
        var e = Assert.Throws<UserInputException>(() => PaperContext.Open(dir.Path, Fast));
        Assert.Contains("'one' and 'two'", e.Message);

        using var steps = new TempFolder();
        new PaperFolder { Designs = [("s300", Spec(steps: 300)), ("s50", Spec(steps: 50)), ("s100", Spec(steps: 100))], Tasks = Tasks, Scores = Noise }.Write(steps.Path);
        var context = PaperContext.Open(steps.Path, Fast);
        Assert.Equal("s300", context.Roles[PaperRoles.StageTwoOnly]);
        Assert.Equal([("s50", 50), ("s100", 100), ("s300", 300)], context.StepDesigns(PaperRoles.StageTwoOnly));
    }

    [Fact]
    public void EveryArtefact_WritesFilesThatParse()
    {
        using var dir = new TempFolder();
        new PaperFolder
        {
            Designs =
            [
                ("M1", Spec()), ("M2", Spec("last_layer_trainable")), ("M3", Spec("multi_layer_trainable")), ("M4", Spec("last_layer_trainable", "bidirectional")),
                ("M5", Spec("multi_layer_trainable", "bidirectional")), ("rec", Spec(stages: RecCon)), ("d2q", Spec(stages: RecCon, wD2Q: 1, wQ2D: 0)),
                ("q2d", Spec(stages: RecCon, wD2Q: 0, wQ2D: 1)),
            ],
            Tasks = Tasks, Scores = Noise,
            Loss = (d, s) => Enumerable.Range(1, 20).Select(step => 2.0 / step + 0.01 * s + (d == "rec" ? -0.1 : 0)).ToArray(),
        }.Write(dir.Path);
        string layers = Path.Combine(dir.Path, "layers");
        Directory.CreateDirectory(layers);
        var matrix = new double[4, 4];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) matrix[i, j] = 1.0 / (1 + Math.Abs(i - j));
        LayerCsv.WriteMatrices(Path.Combine(layers, "cka.csv"), [("eos_last", matrix), ("mean", matrix)]);
        LayerCsv.WriteMatrices(Path.Combine(layers, "cosine.csv"), [("eos_last", matrix), ("mean", matrix), ("tokens", matrix)]);
        LayerCsv.WriteScores(Path.Combine(layers, "per-layer-scores.csv"),
            Enumerable.Range(0, 4).SelectMany(l => new[] { new LayerScore(l, "eos_last", "Sts1", "sts", "cosine_spearman", 0.1 * l), new LayerScore(l, "mean", "Sts1", "sts", "cosine_spearman", 0.2) }).ToList());

        var (code, stdout, stderr) = CliRun.Run("figures", dir.Path, "--paper", "all", "--layers", layers, "--resamples", "199", "--threads", "2");
        Assert.True(code == 0, stderr);
        string output = Path.Combine(dir.Path, "report", "paper");
        var files = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        foreach (var name in new[] { "a-table2", "a-table3", "a-table4", "b-ablation", "claims", "claims-comparisons" })
        {
            string tex = File.ReadAllText(Path.Combine(output, name + ".tex"));
            foreach (var rule in new[] { "\\toprule", "\\midrule", "\\bottomrule", "\\begin{tabular}", "\\end{table}" }) Assert.Contains(rule, tex);
            using var reader = new StreamReader(Path.Combine(output, name + ".csv"));
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            csv.Read(); csv.ReadHeader();
            int columns = csv.HeaderRecord!.Length, rows = 0;
            while (csv.Read()) { Assert.Equal(columns, csv.Parser.Count); rows++; }
            Assert.True(rows > 0, name);
        }
        foreach (var stem in new[] { "a-fig1-cka-eos_last", "a-fig1-cosine-tokens", "a-fig2", "b-convergence-loss" })
        {
            var svg = XDocument.Load(Path.Combine(output, stem + ".svg"));
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.True(new FileInfo(Path.Combine(output, stem + ".png")).Length > 1000, stem);
        }
        var claims = File.ReadAllLines(Path.Combine(output, "claims.csv")).Skip(1).ToList();
        Assert.Equal(8, claims.Count);
        Assert.All(claims, l => Assert.Matches("replicates|contradicted|not detectable at this scale|not tested", l));
    }

    /// <summary>
    /// The convergence grid names its designs "stage-I+II,contrastive.steps=25" (the runner's names for an axis):
    /// the comma must be quoted in both CSVs, so every row has the header's field count and the name reads back whole.
    /// </summary>
    [Fact]
    public void Convergence_CsvsQuoteDesignNamesWithCommas()
    {
        using var dir = new TempFolder();
        int[] steps = [25, 50, 100];
        new PaperFolder
        {
            Designs = steps.SelectMany(k => new[]
            {
                ($"stage-II-only,contrastive.steps={k}", Spec(steps: k)), ($"stage-I+II,contrastive.steps={k}", Spec(stages: RecCon, steps: k)),
            }).ToArray(),
            Tasks = Tasks, Scores = Noise,
            Loss = (d, s) => Enumerable.Range(1, 20).Select(step => 2.0 / step + 0.01 * s).ToArray(),
        }.Write(dir.Path);
        var (code, _, stderr) = CliRun.Run("figures", dir.Path, "--paper", "b-convergence", "--resamples", "199", "--threads", "2");
        Assert.True(code == 0, stderr);
        string output = Path.Combine(dir.Path, "report", "paper");
        foreach (var (name, column) in new[] { ("b-convergence-loss", "design"), ("b-convergence-retrieval", "design") })
        {
            using var reader = new StreamReader(Path.Combine(output, name + ".csv"));
            using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
            csv.Read(); csv.ReadHeader();
            var designs = new HashSet<string>();
            while (csv.Read())
            {
                Assert.Equal(csv.HeaderRecord!.Length, csv.Parser.Count);
                designs.Add(csv.GetField(column)!);
                if (name != "b-convergence-retrieval") continue;
                // The seed range brackets the seed mean, over the folder's seeds.
                double Num(string field) => double.Parse(csv.GetField(field)!, CultureInfo.InvariantCulture);
                Assert.InRange(Num("retrieval_score"), Num("seed_min"), Num("seed_max"));
                Assert.True(Num("seed_min") < Num("seed_max"));
                Assert.Equal("2", csv.GetField("seeds"));
            }
            Assert.Contains("stage-I+II,contrastive.steps=100", designs);
            Assert.Contains("stage-II-only,contrastive.steps=100", designs);
        }
    }

    [Fact]
    public void All_SkipsArtefactsWhoseDesignsAreMissing_WithAWarning()
    {
        using var dir = new TempFolder();
        new PaperFolder { Designs = [("a", Spec()), ("b", Spec(stages: RecCon))], Tasks = Tasks, Scores = Noise }.Write(dir.Path);
        var (code, stdout, stderr) = CliRun.Run("figures", dir.Path, "--paper", "all", "--resamples", "199", "--threads", "2");
        Assert.True(code == 0, stderr);
        Assert.Contains("claims.csv", stdout);
        Assert.Contains("warning: a-table2 skipped", stderr);
        Assert.Contains("warning: b-ablation skipped", stderr);
        Assert.DoesNotContain("a-table2.tex", stdout);
    }

    [Fact]
    public void UnknownArtefact_IsAUserError_WithExitCode2()
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliRun.Run("figures", dir.Path, "--paper", "a-table9");
        Assert.Equal(2, code);
        Assert.Contains("a-table9", stderr);
        Assert.Contains("a-table2", stderr);
    }

    [Fact]
    public void LayerFigures_WithoutAnalysisOutput_SayWhichCommandMakesIt()
    {
        using var dir = new TempFolder();
        var (code, _, stderr) = CliRun.Run("figures", dir.Path, "--paper", "a-fig1", "--layers", Path.Combine(dir.Path, "nope"));
        Assert.Equal(2, code);
        Assert.Contains("ablation analyze layers", stderr);
    }
}

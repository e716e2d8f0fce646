using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Ablation.Harness.Analysis;
using Ablation.Harness.Cli;
using Ablation.Harness.Tests.Evaluation;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Analysis;

/// <summary><c>ablation analyze layers</c> end to end on the embed-tiny checkpoint and two tasks of the tiny suite.</summary>
public class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("analyze").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private (int Code, string Out, string Err) Analyze(string output, params string[] extra) =>
        Run(["analyze", "layers", "--model", AnalysisModels.Checkpoint, "--suite", EvaluationFixtures.TinySuite,
            "--tasks", "TinySTS,TinyRetrieval", "--max-length", "64", "--sample", "40", "--out", output, .. extra]);

    [Fact]
    public void WritesCsvFiguresAndSummaryWithTheDocumentedShapes()
    {
        var output = Path.Combine(_dir, "out");
        var (code, stdout, err) = Analyze(output);
        Assert.True(code == ExitCodes.Success, err);
        Assert.Contains("similarity on 40 of", stdout);

        // cka.csv / cosine.csv: header of layer indices, one row per (pooling, layer), symmetric, 1 on the diagonal.
        foreach (var (file, variants) in new[] { ("cka.csv", LayerPooling.All), ("cosine.csv", CosineVariants.All) })
        {
            var lines = File.ReadAllLines(Path.Combine(output, file));
            Assert.Equal("pooling,layer,0,1,2", lines[0]);
            Assert.Equal(1 + variants.Count * 3, lines.Length);
            for (int v = 0; v < variants.Count; v++)
            {
                var rows = lines.Skip(1 + 3 * v).Take(3).Select(l => l.Split(',')).ToArray();
                for (int i = 0; i < 3; i++)
                {
                    Assert.Equal(variants[v], rows[i][0]);
                    Assert.Equal(i.ToString(CultureInfo.InvariantCulture), rows[i][1]);
                    Assert.Equal(5, rows[i].Length);
                    for (int j = 0; j < 3; j++)
                    {
                        double x = double.Parse(rows[i][2 + j], CultureInfo.InvariantCulture), y = double.Parse(rows[j][2 + i], CultureInfo.InvariantCulture);
                        if (double.IsNaN(x)) { Assert.True(double.IsNaN(y)); continue; }
                        Assert.Equal(x, y, 12);
                        if (i == j) Assert.Equal(1.0, x, 6);
                        else Assert.InRange(x, -1.0, 1.0);
                    }
                }
            }
        }
        // Layer 0's EOS-last vector is the EOS embedding for every text: no variance, so no CKA.
        Assert.StartsWith("eos_last,0,NaN", File.ReadAllLines(Path.Combine(output, "cka.csv"))[1]);

        var scores = File.ReadAllLines(Path.Combine(output, "per-layer-scores.csv"));
        Assert.Equal("layer,pooling,task,category,metric,main_score", scores[0]);
        Assert.Equal(1 + 2 * 2 * 3, scores.Length);   // 2 tasks × 2 poolings × 3 hidden states
        Assert.Contains(scores, l => l.StartsWith("2,eos_last,TinySTS,sts,cosine_spearman,", StringComparison.Ordinal));
        Assert.Contains(scores, l => l.StartsWith("0,mean,TinyRetrieval,retrieval,ndcg_at_10,", StringComparison.Ordinal));

        // The last layer scores what `ablation eval` gives the same model and pooling.
        var evalOut = Path.Combine(_dir, "eval");
        Assert.Equal(0, Run("eval", "--model", AnalysisModels.Checkpoint + "#max_length=64", "--suite", EvaluationFixtures.TinySuite,
            "--tasks", "TinySTS", "--out", evalOut, "--no-cache").Code);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(evalOut, "metrics.json")));
        double evalScore = metrics.RootElement.GetProperty("tasks").GetProperty("TinySTS").GetProperty("main_score").GetDouble();
        double layerScore = double.Parse(scores.First(l => l.StartsWith("2,eos_last,TinySTS,", StringComparison.Ordinal)).Split(',')[^1], CultureInfo.InvariantCulture);
        Assert.Equal(evalScore, layerScore, 5);

        foreach (var stem in new[] { "cka-eos_last", "cka-mean", "cosine-eos_last", "cosine-mean", "cosine-tokens" })
            AssertFigure(Path.Combine(output, stem), LayerFigures.HeatmapWidth, LayerFigures.HeatmapHeight);
        AssertFigure(Path.Combine(output, "per-layer-scores"), LayerFigures.LineWidth, LayerFigures.LineHeight);

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "analysis.json")));
        Assert.Equal(2, summary.RootElement.GetProperty("layers").GetInt32());
        Assert.Equal(40, summary.RootElement.GetProperty("sample_texts").GetInt32());
        Assert.Empty(Directory.EnumerateFiles(output, "*.tmp*"));
    }

    [Fact]
    public void SameSeedGivesTheSameNumbersAndAnotherSeedAnotherSample()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), c = Path.Combine(_dir, "c");
        Assert.Equal(0, Analyze(a, "--no-eval", "--seed", "4").Code);
        Assert.Equal(0, Analyze(b, "--no-eval", "--seed", "4").Code);
        Assert.Equal(0, Analyze(c, "--no-eval", "--seed", "5").Code);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "cka.csv")), File.ReadAllText(Path.Combine(b, "cka.csv")));
        Assert.NotEqual(File.ReadAllText(Path.Combine(a, "cka.csv")), File.ReadAllText(Path.Combine(c, "cka.csv")));
        Assert.False(File.Exists(Path.Combine(a, "per-layer-scores.csv")));
    }

    [Theory]
    [InlineData("--sample", "1", "--sample must be at least 2")]
    [InlineData("--max-length", "1", "--max-length must be at least 2")]
    [InlineData("--tasks", "NoSuchTask", "unknown task(s) NoSuchTask")]
    public void RejectsBadOptionsWithOneLine(string option, string value, string message)
    {
        var (code, _, err) = Run("analyze", "layers", "--model", AnalysisModels.Checkpoint, "--suite", EvaluationFixtures.TinySuite,
            "--out", Path.Combine(_dir, "bad"), option, value);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains(message, err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void RejectsAMissingModelFolderAndAnUnknownBuiltin()
    {
        var (code, _, err) = Run("analyze", "layers", "--model", Path.Combine(_dir, "none"), "--suite", EvaluationFixtures.TinySuite);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("folder not found", err);
        (code, _, err) = Run("analyze", "layers", "--model", "builtin:huge", "--suite", EvaluationFixtures.TinySuite);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("unknown built-in model", err);
    }

    private static void AssertFigure(string stem, int width, int height)
    {
        var png = File.ReadAllBytes(stem + ".png");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        var svg = XDocument.Load(stem + ".svg").Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal(width.ToString(CultureInfo.InvariantCulture), svg.Attribute("width")?.Value);
        Assert.Equal(height.ToString(CultureInfo.InvariantCulture), svg.Attribute("height")?.Value);
        if (File.Exists("/usr/bin/rsvg-convert"))
            Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(stem + ".pdf")[..4]);
    }
}

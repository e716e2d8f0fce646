using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Reporting;
using Ablation.Harness.Tests.Cli;
using Ablation.Stats;
using Ablation.Stats.MultipleComparisons;
using Ablation.Stats.PairedTests;
using Ablation.Stats.Resampling;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Reporting;

/// <summary>
/// report.json against independent computations: every comparison's numbers are recomputed here from the raw
/// scores files with the Stats library (not through the report's loader), and the adjusted p-values are checked
/// against statsmodels' multipletests (fixture).
/// </summary>
public class ReportJsonTests
{
    private static readonly string[] Designs = ["base", "d1", "d2"];

    [Fact]
    public void EveryComparisonInReportJson_EqualsTheStatsLibraryOnTheSameInputs()
    {
        using var dir = new TempFolder();
        var grid = new SyntheticGrid { Designs = Designs, Seeds = 3, Tasks = SyntheticGrid.AllTypes, Items = 120, Planted = { [("d1", "Retrieval1")] = 0.05 } };
        grid.Write(dir.Path, seed: 3);
        var (code, _, err) = CliRun.Run("report", dir.Path, "--resamples", "999", "--seed", "7", "--no-figures", "--all-pairs");
        Assert.True(code == 0, err);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "report", "report.json")));
        var records = json.RootElement.GetProperty("comparisons").EnumerateArray().ToList();
        Assert.Equal(SyntheticGrid.AllTypes.Length * 3, records.Count);   // 3 pairs of 3 designs on 5 tasks

        // Per task, one shared draw over every design (in grid order), as the report documents; recomputed here with
        // the Stats library from statistics built straight from the CSV files.
        var shared = SyntheticGrid.AllTypes.ToDictionary(t => t.Name, t => SharedHierarchicalBootstrap.Draw(
            Designs.Select(d => (IReadOnlyList<IResampleStatistic>)Seeds(dir.Path, d, grid.Seeds, t.Name, t.Type).Select(s => s.Statistic()).ToArray()).ToList(),
            new BootstrapOptions { Resamples = 999, Seed = ReportBuilder.TaskSeed(7, t.Name), ComputeBCa = false }));
        var rawP = new List<double>();
        foreach (var r in records)
        {
            string task = r.GetProperty("task").GetString()!, a = r.GetProperty("a").GetString()!, b = r.GetProperty("b").GetString()!;
            string type = SyntheticGrid.AllTypes.Single(t => t.Name == task).Type;
            var seedsA = Seeds(dir.Path, a, grid.Seeds, task, type);
            var seedsB = Seeds(dir.Path, b, grid.Seeds, task, type);
            var boot = shared[task].Compare(Array.IndexOf(Designs, a), Array.IndexOf(Designs, b));
            Assert.Equal(boot.Estimate, r.GetProperty("mean_diff").GetDouble(), 12);
            Assert.Equal(seedsA.Average(s => s.Value) - seedsB.Average(s => s.Value), r.GetProperty("mean_diff").GetDouble(), 12);
            Assert.Equal(boot.Percentile.Low, r.GetProperty("ci")[0].GetDouble(), 12);
            Assert.Equal(boot.Percentile.High, r.GetProperty("ci")[1].GetDouble(), 12);
            Assert.Equal(120, r.GetProperty("n").GetInt32());
            Assert.Equal(3, r.GetProperty("seeds").GetProperty("a").GetInt32());
            Assert.Equal("holm", r.GetProperty("correction").GetString());
            double p = r.GetProperty("p_value").GetDouble();
            var effect = r.GetProperty("effect_size");
            if (type is "retrieval" or "classification")
            {
                var itemsA = Average(seedsA.Select(s => s.PerItem!).ToList());
                var itemsB = Average(seedsB.Select(s => s.PerItem!).ToList());
                Assert.Equal(PairedTTest.Test(itemsA, itemsB).PValue, p, 12);
                Assert.Equal(ReportBuilder.TTestName, r.GetProperty("test").GetString());
                Assert.Equal(PairedEffectSizeDz(itemsA, itemsB), effect.GetProperty("value").GetDouble(), 12);
                Assert.Equal("Cohen's d_z", effect.GetProperty("name").GetString());
            }
            else
            {
                Assert.Equal(boot.PValue, p, 12);
                Assert.Equal(ReportBuilder.BootstrapTestName, r.GetProperty("test").GetString());
                Assert.Equal(boot.Estimate / Math.Abs(seedsB.Average(s => s.Value)), effect.GetProperty("value").GetDouble(), 12);
            }
            rawP.Add(p);
        }
        var holm = PValueAdjustment.Adjust(rawP.ToArray(), AdjustmentMethod.Holm, 0.05);
        for (int i = 0; i < records.Count; i++)
        {
            Assert.Equal(holm.Adjusted[i], records[i].GetProperty("p_adjusted").GetDouble(), 12);
            Assert.Equal(holm.Reject[i], records[i].GetProperty("significant").GetBoolean());
        }
        // Design scores: mean over seeds of the metric recomputed from each cell's file.
        foreach (var s in json.RootElement.GetProperty("scores").EnumerateArray())
        {
            string task = s.GetProperty("task").GetString()!, design = s.GetProperty("design").GetString()!;
            var seeds = Seeds(dir.Path, design, grid.Seeds, task, SyntheticGrid.AllTypes.Single(t => t.Name == task).Type);
            Assert.Equal(seeds.Average(x => x.Value), s.GetProperty("mean").GetDouble(), 12);
            var interval = shared[task].Score(Array.IndexOf(Designs, design), 999).Percentile;
            Assert.Equal(interval.Low, s.GetProperty("ci")[0].GetDouble(), 12);
            Assert.Equal(interval.High, s.GetProperty("ci")[1].GetDouble(), 12);
            Assert.Equal(Summary.StandardDeviation(seeds.Select(x => x.Value).ToArray()), s.GetProperty("seed_sd").GetDouble(), 12);
        }
    }

    [Fact]
    public void CategoriesRanksAndPower_InReportJson_EqualTheStatsLibrary()
    {
        using var dir = new TempFolder();
        (string, string)[] tasks = [.. SyntheticGrid.AllTypes, ("Retrieval2", "retrieval"), ("Sts2", "sts"), ("Retrieval3", "retrieval")];
        var grid = new SyntheticGrid { Designs = ["base", "d1", "d2", "d3"], Seeds = 2, Tasks = tasks, Items = 80, Planted = { [("d1", "Retrieval2")] = 0.1 } };
        grid.Write(dir.Path, seed: 12);
        Assert.Equal(0, CliRun.Run("report", dir.Path, "--resamples", "299", "--no-figures").Code);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "report", "report.json")));
        var root = json.RootElement;
        double Mean(string design, string task) => Seeds(dir.Path, design, 2, task, tasks.Single(t => t.Item1 == task).Item2).Average(s => s.Value);

        var retrieval = root.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "retrieval");
        var names = new[] { "Retrieval1", "Retrieval2", "Retrieval3" };
        Assert.Equal(2.0 / 8, retrieval.GetProperty("min_attainable_p").GetDouble(), 15);
        var baseRow = retrieval.GetProperty("rows")[0];
        Assert.Equal(names.Average(t => Mean("base", t)), baseRow.GetProperty("mean").GetDouble(), 12);
        foreach (var row in retrieval.GetProperty("rows").EnumerateArray().Skip(1))
        {
            string d = row.GetProperty("design").GetString()!;
            var a = names.Select(t => Mean(d, t)).ToArray();
            var b = names.Select(t => Mean("base", t)).ToArray();
            Assert.Equal(a.Zip(b, (x, y) => x - y).Average(), row.GetProperty("mean_diff").GetDouble(), 12);
            Assert.Equal(WilcoxonSignedRank.Test(a.Select(x => Math.Round(x, 10)).ToArray(), b.Select(x => Math.Round(x, 10)).ToArray()).PValue,
                row.GetProperty("wilcoxon_p").GetDouble(), 12);
        }

        // Ranks: Friedman + Nemenyi over the per-task seed means of every design (rounded to 10 decimals, so that equal
        // accuracies summed in different orders tie, as they should).
        string[] designs = ["base", "d1", "d2", "d3"];
        var rows = tasks.Select(t => designs.Select(d => Math.Round(Mean(d, t.Item1), 10)).ToArray()).ToList();
        Assert.Contains(rows, r => r.Distinct().Count() < r.Length);   // this grid has a genuine tie
        var cd = Ablation.Stats.Ranks.CriticalDifferenceDiagram.FromNemenyi(designs, rows, 0.05);
        var ranks = root.GetProperty("ranks");
        Assert.Equal(cd.Friedman.ChiSquare, ranks.GetProperty("friedman_chi2").GetDouble(), 12);
        Assert.Equal(cd.Friedman.PValue, ranks.GetProperty("friedman_p").GetDouble(), 12);
        Assert.Equal(cd.CriticalDifference!.Value, ranks.GetProperty("nemenyi_cd").GetDouble(), 12);
        var average = ranks.GetProperty("average_ranks").EnumerateArray().ToList();
        for (int i = 0; i < designs.Length; i++)
        {
            Assert.Equal(cd.Models[i], average[i].GetProperty("design").GetString());
            Assert.Equal(cd.AverageRanks[i], average[i].GetProperty("rank").GetDouble(), 12);
        }

        // Power of a decomposable task: MDE from the median SD of the seed-averaged per-item differences.
        var sds = new[] { "d1", "d2", "d3" }.Select(d =>
        {
            var x = Average(Seeds(dir.Path, d, 2, "Retrieval1", "retrieval").Select(s => s.PerItem!).ToList());
            var y = Average(Seeds(dir.Path, "base", 2, "Retrieval1", "retrieval").Select(s => s.PerItem!).ToList());
            return Summary.StandardDeviation(x.Zip(y, (p, q) => p - q).ToArray());
        }).Order().ToArray();
        var power = root.GetProperty("power").EnumerateArray().Single(p => p.GetProperty("task").GetString() == "Retrieval1");
        Assert.Equal(Ablation.Stats.Power.PairedPower.MinimumDetectableDifference(sds[1], 80, 0.05, 0.8), power.GetProperty("mde_80").GetDouble(), 12);
    }

    [Theory]
    [InlineData("holm", "holm")]
    [InlineData("bh", "fdr_bh")]
    [InlineData("bonferroni", "bonferroni")]
    public void AdjustedPValues_EqualStatsmodelsMultipletests(string correction, string statsmodelsName)
    {
        using var dir = new TempFolder();
        FixtureGrid.Write(dir.Path, seed: 2024);
        var model = ReportBuilder.Build(dir.Path, new ReportOptions { Resamples = 999, Seed = 1, Correction = AdjustmentMethodNames.Parse(correction), AllPairs = true });
        var raw = model.Comparisons.Select(c => c.PValue).ToArray();
        // Regenerating the fixture: ABLATION_REPORT_FIXTURE_OUT=<file> writes these raw p-values, then
        // tests/fixtures/reporting/make_multipletests_fixture.py <file> computes statsmodels' adjustments.
        if (Environment.GetEnvironmentVariable("ABLATION_REPORT_FIXTURE_OUT") is { Length: > 0 } output && correction == "holm")
            File.WriteAllText(output, JsonSerializer.Serialize(new { p_values = raw }));
        using var fixture = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("reporting", "multipletests.json")));
        var expectedRaw = fixture.RootElement.GetProperty("p_values").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(expectedRaw.Length, raw.Length);
        for (int i = 0; i < raw.Length; i++) Assert.Equal(expectedRaw[i], raw[i], 14);
        var expected = fixture.RootElement.GetProperty(statsmodelsName);
        var adjusted = expected.GetProperty("adjusted").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var reject = expected.GetProperty("reject").EnumerateArray().Select(e => e.GetBoolean()).ToArray();
        for (int i = 0; i < raw.Length; i++)
        {
            Assert.Equal(adjusted[i], model.Comparisons[i].PAdjusted, 12);
            Assert.Equal(reject[i], model.Comparisons[i].Significant);
        }
        Assert.Contains(reject, r => r);   // the fixture exercises both outcomes
        Assert.Contains(reject, r => !r);
    }

    /// <summary>The grid behind tests/fixtures/reporting/multipletests.json (3 seeds, 4 designs, planted effects of several sizes).</summary>
    internal static class FixtureGrid
    {
        public static void Write(string path, int seed) => new SyntheticGrid
        {
            Designs = ["base", "d1", "d2", "d3"], Seeds = 2, Tasks = SyntheticGrid.AllTypes, Items = 150,
            Planted = { [("d1", "Retrieval1")] = 0.08, [("d2", "Classification1")] = 0.12, [("d3", "Sts1")] = 0.3, [("d3", "Retrieval1")] = 0.03 },
        }.Write(path, seed);
    }

    private sealed record SeedScores(double Value, double[]? PerItem, Func<IResampleStatistic> Statistic);

    /// <summary>Reads a design's seeds straight from the CSV files (independent of the report's loader).</summary>
    private static List<SeedScores> Seeds(string root, string design, int seeds, string task, string type)
    {
        var list = new List<SeedScores>();
        for (int s = 1; s <= seeds; s++)
        {
            var lines = File.ReadAllLines(Path.Combine(root, "cells", SyntheticGrid.CellId(design, s), "scores", task + ".csv"));
            var header = lines[0].Split(',');
            var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
            double[] Col(string name) => rows.Select(r => double.Parse(r[Array.IndexOf(header, name)], CultureInfo.InvariantCulture)).ToArray();
            int[] Codes(string name)
            {
                var map = new Dictionary<string, int>();
                return rows.Select(r => { var v = r[Array.IndexOf(header, name)]; if (!map.TryGetValue(v, out int c)) map[v] = c = map.Count; return c; }).ToArray();
            }
            switch (type)
            {
                case "retrieval": { var v = Col("ndcg_at_10"); list.Add(new(v.Average(), v, () => ResampleStatistics.Mean(v))); break; }
                case "classification": { var v = Col("accuracy"); list.Add(new(v.Average(), v, () => ResampleStatistics.Mean(v))); break; }
                case "sts": { var x = Col("cosine"); var g = Col("gold"); list.Add(new(Correlation.Spearman(x, g), null, () => ResampleStatistics.Spearman(x, g))); break; }
                case "clustering":
                {
                    var t = Codes("label"); var c = Codes("cluster");
                    list.Add(new(ClusteringScores.VMeasure(t, c), null, () => ResampleStatistics.FromDelegate(t.Length, idx =>
                        ClusteringScores.VMeasure(idx.ToArray().Select(i => t[i]).ToArray(), idx.ToArray().Select(i => c[i]).ToArray()))));
                    break;
                }
                case "pair_classification":
                {
                    var labels = Col("label").Select(v => v == 1).ToArray();
                    var kinds = new[] { Col("cosine"), Col("dot"), Col("euclidean").Select(v => -v).ToArray(), Col("manhattan").Select(v => -v).ToArray() };
                    double Max(int[] idx) => kinds.Max(k => AveragePrecision.Compute(idx.Select(i => k[i]).ToArray(), idx.Select(i => labels[i]).ToArray()));
                    list.Add(new(Max(Enumerable.Range(0, labels.Length).ToArray()), null, () => ResampleStatistics.FromDelegate(labels.Length, idx => Max(idx.ToArray()))));
                    break;
                }
            }
        }
        return list;
    }

    private static double[] Average(List<double[]> seeds) =>
        Enumerable.Range(0, seeds[0].Length).Select(i => seeds.Sum(s => s[i]) / seeds.Count).ToArray();

    private static double PairedEffectSizeDz(double[] a, double[] b) => Ablation.Stats.EffectSizes.PairedEffectSize.CohensDz(a, b);
}

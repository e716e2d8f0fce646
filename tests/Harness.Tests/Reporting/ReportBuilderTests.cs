using Ablation.Harness.Reporting;

namespace Ablation.Harness.Tests.Reporting;

/// <summary>
/// The report's verdicts on synthetic folders with a known truth: one planted difference is flagged after the
/// correction and nothing else; folders with no difference flag something in about α of cases (family-wise).
/// </summary>
public class ReportBuilderTests
{
    private static readonly string[] Designs = ["base", "d1", "d2", "d3"];

    [Theory]
    [InlineData("Retrieval1", 0.12)]        // decomposable: paired t-test
    [InlineData("Classification1", 0.25)]   // decomposable, 0/1 per item
    [InlineData("Sts1", 0.35)]              // Spearman: hierarchical bootstrap
    [InlineData("Clustering1", 0.35)]       // V-measure: hierarchical bootstrap
    [InlineData("PairClassification1", 0.9)] // max AP: hierarchical bootstrap
    public void OnePlantedDifference_IsTheOnlyComparisonFlagged(string task, double effect)
    {
        using var dir = new TempFolder();
        new SyntheticGrid { Designs = Designs, Tasks = SyntheticGrid.AllTypes, Items = 300, Planted = { [("d2", task)] = effect } }.Write(dir.Path, seed: 11);
        var model = ReportBuilder.Build(dir.Path, new ReportOptions { Resamples = 1999, Threads = 2 });

        Assert.Equal(SyntheticGrid.AllTypes.Length * 3, model.Comparisons.Count);
        var flagged = model.Comparisons.Where(c => c.Significant).Select(c => (c.Task, c.A, c.B)).ToList();
        Assert.Equal([(task, "d2", "base")], flagged);
        var planted = model.Comparisons.Single(c => c.Task == task && c.A == "d2");
        Assert.True(planted.MeanDiff > 0 && planted.CiLow > 0, $"the planted difference's CI should exclude 0: {planted.CiLow}..{planted.CiHigh}");
        // The category verdict counts it as one better task, nowhere else.
        var verdicts = model.Categories.SelectMany(c => c.Rows.Select(r => (c.Category, r.Design, r.Better, r.Worse))).Where(v => v.Better + v.Worse > 0).ToList();
        Assert.Equal([(model.Tasks.Single(t => t.Name == task).Category, "d2", 1, 0)], verdicts);
    }

    [Fact]
    public void NullFolders_FlagSomethingInAboutAlphaOfFamilies()
    {
        const int folders = 100;
        int familiesWithAFlag = 0, rawRejections = 0, comparisons = 0;
        for (int f = 0; f < folders; f++)
        {
            using var dir = new TempFolder();
            new SyntheticGrid
            {
                Designs = ["base", "d1", "d2"], Items = 60,
                Tasks = [("Retrieval1", "retrieval"), ("Classification1", "classification"), ("Sts1", "sts")],
            }.Write(dir.Path, seed: 1000 + f);
            var model = ReportBuilder.Build(dir.Path, new ReportOptions { Resamples = 499, Seed = (ulong)f, Threads = 2 });
            if (model.Comparisons.Any(c => c.Significant)) familiesWithAFlag++;
            rawRejections += model.Comparisons.Count(c => c.PValue < 0.05);
            comparisons += model.Comparisons.Count;
        }
        // Holm controls the family-wise rate at α = 0.05; 100 families give a standard error of about 0.022.
        double familyRate = (double)familiesWithAFlag / folders;
        Assert.True(familyRate <= 0.12, $"family-wise false-positive rate {familyRate:0.000} is far above α = 0.05");
        // The raw tests are neither broken nor trivially conservative: about α of the null comparisons reject.
        double rawRate = (double)rawRejections / comparisons;
        Assert.InRange(rawRate, 0.015, 0.10);
    }

    [Fact]
    public void AllPairs_ComparesEveryPairOnce_WithTheBaselineAsB()
    {
        var pairs = ReportBuilder.Pairs(["base", "x", "y", "z"], "base", allPairs: true).ToList();
        Assert.Equal(6, pairs.Count);
        Assert.Equal(6, pairs.Select(p => string.Join("|", new[] { p.A, p.B }.Order())).Distinct().Count());
        Assert.All(pairs.Where(p => p.A == "base" || p.B == "base"), p => Assert.Equal("base", p.B));
        Assert.Equal(3, ReportBuilder.Pairs(["base", "x", "y", "z"], "base", allPairs: false).Count());
    }

    [Fact]
    public void SmallCategories_WarnThatWilcoxonCannotReachSignificance()
    {
        using var dir = new TempFolder();
        new SyntheticGrid { Designs = ["base", "d1", "d2"], Items = 40, Tasks = SyntheticGrid.AllTypes }.Write(dir.Path, seed: 5);
        var model = ReportBuilder.Build(dir.Path, new ReportOptions { Resamples = 199, Threads = 2 });
        foreach (var c in model.Categories)
        {
            Assert.Equal(2.0 / Math.Pow(2, c.Tasks.Count), c.MinAttainableP, 12);
            Assert.NotNull(c.Warning);   // one task per category: min p = 1
            Assert.Contains("2/2^1", c.Warning);
        }
    }
}

using Ablation.Stats.Resampling;

namespace Ablation.Stats.Tests.Resampling;

public class SharedHierarchicalBootstrapTests
{
    /// <summary>Per seed: (x, gold) pairs; the design's x = gold + shift + seed effect + noise.</summary>
    private static (double[] X, double[] Gold)[] SpearmanDesign(Xoshiro256StarStar rng, double[] gold, int seeds, double noise) =>
        Enumerable.Range(0, seeds).Select(_ => (gold.Select(g => g + noise * rng.NextGaussian()).ToArray(), gold)).ToArray();

    private static double[][] MeanDesign(Xoshiro256StarStar rng, double[] items, int seeds, double shift, double seedSd) =>
        Enumerable.Range(0, seeds).Select(_ =>
        {
            double seedEffect = seedSd * rng.NextGaussian();
            return items.Select(v => v + shift + seedEffect + 0.1 * rng.NextGaussian()).ToArray();
        }).ToArray();

    private static IReadOnlyList<IResampleStatistic> Means(double[][] seeds) => seeds.Select(ResampleStatistics.Mean).ToArray();

    private static IReadOnlyList<IResampleStatistic> Spearmans((double[] X, double[] Gold)[] seeds) =>
        seeds.Select(s => ResampleStatistics.Spearman(s.X, s.Gold)).ToArray();

    [Fact]
    public void TwoGroups_GiveHierarchicalBootstrapRun_BitForBit()
    {
        var rng = new Xoshiro256StarStar(5);
        var gold = Enumerable.Range(0, 150).Select(_ => rng.NextGaussian()).ToArray();
        var a = SpearmanDesign(rng, gold, 3, 0.8);
        var b = SpearmanDesign(rng, gold, 4, 1.0);
        var options = new BootstrapOptions { Resamples = 1500, Seed = 77, ComputeBCa = false };
        var expected = HierarchicalBootstrap.Run(Spearmans(a), Spearmans(b), options);
        var shared = SharedHierarchicalBootstrap.Draw([Spearmans(a), Spearmans(b)], options);
        var actual = shared.Compare(0, 1);
        Assert.Equal(expected.Replicates, actual.Replicates);   // exact: same draws, same arithmetic
        Assert.Equal(expected.Estimate, actual.Estimate);
        Assert.Equal(expected.Percentile, actual.Percentile);
        Assert.Equal(expected.PValue, actual.PValue);
        Assert.Equal(expected.StandardError, actual.StandardError);
        Assert.NotEqual(0, expected.StandardError);
    }

    [Theory]
    [InlineData("means")]            // every statistic a mean: summed together (MeanBatch)
    [InlineData("tied-gold-copies")] // Spearman with a tied gold column, an equal copy per seed: ranked once per resample
    public void TwoGroups_GiveHierarchicalBootstrapRun_BitForBit_OnTheBatchedPaths(string kind)
    {
        var rng = new Xoshiro256StarStar(9);
        int n = 130;
        Func<IReadOnlyList<IResampleStatistic>> A, B;
        if (kind == "means")
        {
            var items = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            // 12 + 11 statistics: blocks of four vectors, single vectors and a scalar tail, for any vector width up to 4.
            var a = MeanDesign(rng, items, 12, 0.02, 0.01);
            var b = MeanDesign(rng, items, 11, 0.0, 0.01);
            (A, B) = (() => Means(a), () => Means(b));
        }
        else
        {
            var gold = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble(), 1)).ToArray();
            var a = SpearmanDesign(rng, gold, 3, 0.3).Select(s => (s.X.Select(x => Math.Round(x, 1)).ToArray(), (double[])s.Gold.Clone())).ToArray();
            var b = SpearmanDesign(rng, gold, 2, 0.5).Select(s => (s.X, (double[])s.Gold.Clone())).ToArray();
            (A, B) = (() => Spearmans(a), () => Spearmans(b));
        }
        var options = new BootstrapOptions { Resamples = 800, Seed = 3, ComputeBCa = false };
        var expected = HierarchicalBootstrap.Run(A(), B(), options);
        var shared = SharedHierarchicalBootstrap.Draw([A(), B()], options);
        Assert.Equal(expected.Replicates, shared.Compare(0, 1).Replicates);
        Assert.Equal(expected.Estimate, shared.Compare(0, 1).Estimate);
        Assert.NotEqual(0, expected.StandardError);
    }

    [Fact]
    public void WithManyGroups_EachComparisonKeepsItsBootstrapDistribution()
    {
        // Groups 1 and 3 of a four-group draw against the stand-alone two-group bootstrap of the same designs: the
        // replicates differ (other groups' seed draws come in between) but their distribution must not.
        var rng = new Xoshiro256StarStar(9);
        var items = Enumerable.Range(0, 300).Select(_ => rng.NextGaussian()).ToArray();
        var other1 = MeanDesign(rng, items, 5, 0.3, 0.1);
        var a = MeanDesign(rng, items, 4, 0.1, 0.15);
        var other2 = MeanDesign(rng, items, 3, -0.2, 0.05);
        var b = MeanDesign(rng, items, 5, 0.0, 0.15);
        var options = new BootstrapOptions { Resamples = 6000, Seed = 3, ComputeBCa = false };
        var alone = HierarchicalBootstrap.MeanDifference(a, b, options);
        var shared = SharedHierarchicalBootstrap.Draw([Means(other1), Means(a), Means(other2), Means(b)], options).Compare(1, 3);
        Assert.Equal(alone.Estimate, shared.Estimate, 14);
        Assert.NotEqual(alone.Replicates, shared.Replicates);
        // SE estimates from 6,000 replicates have a relative Monte Carlo SD of about 1/√(2·6000) ≈ 0.9 % each.
        Assert.InRange(shared.StandardError / alone.StandardError, 0.95, 1.05);
        double width = alone.Percentile.High - alone.Percentile.Low;
        Assert.InRange(shared.Percentile.Low - alone.Percentile.Low, -0.06 * width, 0.06 * width);
        Assert.InRange(shared.Percentile.High - alone.Percentile.High, -0.06 * width, 0.06 * width);
    }

    [Fact]
    public void ComparisonsWithTheSameBaseline_ArePositivelyCorrelated_AsThePlugInVariancesSay()
    {
        // a − base and c − base share base's seed draws (the items cancel: every design has the same item effects), so
        // their replicates correlate by v0 / √((v1 + v0)(v2 + v0)), v_g = (s−1)/s² · var(seed means of g), the
        // plug-in variance of a mean over s seeds drawn with replacement. This is the positive dependence that Holm
        // (valid under any dependence) does not need to assume away.
        var rng = new Xoshiro256StarStar(13);
        var items = Enumerable.Range(0, 200).Select(_ => rng.NextGaussian()).ToArray();
        var groups = new[] { MeanDesign(rng, items, 4, 0, 0.2), MeanDesign(rng, items, 4, 0.1, 0.2), MeanDesign(rng, items, 4, 0.2, 0.2) };
        var shared = SharedHierarchicalBootstrap.Draw(groups.Select(Means).ToList(), new BootstrapOptions { Resamples = 6000, Seed = 1 });
        double rho = Correlation(shared.Compare(1, 0).Replicates, shared.Compare(2, 0).Replicates);
        var v = groups.Select(g => 3.0 / 16 * Math.Pow(Summary.StandardDeviation(g.Select(s => s.Average()).ToArray()), 2)).ToArray();
        double expected = v[0] / Math.Sqrt((v[1] + v[0]) * (v[2] + v[0]));
        Assert.InRange(expected, 0.15, 0.85);   // the check below is not trivially 0 or 1
        Assert.InRange(rho, expected - 0.06, expected + 0.06);
    }

    [Fact]
    public void SameSeed_SameReplicates_OtherSeed_Others()
    {
        var rng = new Xoshiro256StarStar(2);
        var items = Enumerable.Range(0, 100).Select(_ => rng.NextGaussian()).ToArray();
        var groups = new[] { MeanDesign(rng, items, 3, 0, 0.1), MeanDesign(rng, items, 2, 0.1, 0.1), MeanDesign(rng, items, 5, 0.1, 0.1) };
        SharedHierarchicalBootstrap Draw(ulong seed) =>
            SharedHierarchicalBootstrap.Draw(groups.Select(Means).ToList(), new BootstrapOptions { Resamples = 500, Seed = seed });
        var first = Draw(4);
        var again = Draw(4);
        var other = Draw(5);
        for (int g = 0; g < 3; g++)
        {
            Assert.Equal(first.Replicates(g).ToArray(), again.Replicates(g).ToArray());
            Assert.NotEqual(first.Replicates(g).ToArray(), other.Replicates(g).ToArray());
        }
    }

    [Fact]
    public void Score_IsTheGroupsDrawnMeans_OverTheFirstResamples()
    {
        var rng = new Xoshiro256StarStar(8);
        var items = Enumerable.Range(0, 120).Select(_ => rng.NextGaussian()).ToArray();
        var a = MeanDesign(rng, items, 3, 0.5, 0.1);
        var shared = SharedHierarchicalBootstrap.Draw([Means(a), Means(MeanDesign(rng, items, 2, 0, 0.1))],
            new BootstrapOptions { Resamples = 1000, Seed = 6, Level = 0.9 });
        var score = shared.Score(0, 400);
        var first = shared.Replicates(0)[..400].ToArray();
        Array.Sort(first);
        Assert.Equal(a.Average(s => s.Average()), score.Estimate, 12);
        Assert.Equal(PairedBootstrap.Quantile(first, 0.05), score.Percentile.Low, 15);
        Assert.Equal(PairedBootstrap.Quantile(first, 0.95), score.Percentile.High, 15);
        Assert.Equal(400, score.Replicates.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => shared.Score(0, 1001));
    }

    [Fact]
    public void GroupsMustCoverTheSameItems()
    {
        var error = Assert.Throws<ArgumentException>(() => SharedHierarchicalBootstrap.Draw(
            [Means([[1, 2, 3]]), Means([[1, 2]])], new BootstrapOptions { Resamples = 10 }));
        Assert.Contains("same 3 items", error.Message);
        Assert.Throws<ArgumentException>(() => SharedHierarchicalBootstrap.Draw([Means([[1, 2, 3]]), []], new BootstrapOptions { Resamples = 10 }));
    }

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my); }
        return sxy / Math.Sqrt(sxx * syy);
    }
}

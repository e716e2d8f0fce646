using Ablation.Stats.Resampling;

namespace Ablation.Stats.Tests.Resampling;

public class HierarchicalBootstrapTests
{
    private static double[][] Design(Xoshiro256StarStar rng, double[] items, int seeds, double shift, double seedSd) =>
        Enumerable.Range(0, seeds).Select(_ =>
        {
            double seedEffect = seedSd * rng.NextGaussian();
            return items.Select(v => v + shift + seedEffect + 0.1 * rng.NextGaussian()).ToArray();
        }).ToArray();

    [Fact]
    public void EstimateIsTheDifferenceOfSeedAveragedMeans()
    {
        var rng = new Xoshiro256StarStar(1);
        var items = Enumerable.Range(0, 200).Select(_ => rng.NextGaussian()).ToArray();
        var a = Design(rng, items, 3, 0.2, 0.05);
        var b = Design(rng, items, 5, 0.0, 0.05);
        var r = HierarchicalBootstrap.MeanDifference(a, b, new BootstrapOptions { Resamples = 2000, Seed = 4 });
        double expected = a.Average(s => s.Average()) - b.Average(s => s.Average());
        Assert.Equal(expected, r.Estimate, 12);
        Assert.True(r.Percentile.Low < expected && expected < r.Percentile.High);
        Assert.Null(r.BCa);
    }

    [Fact]
    public void SeedVarianceWidensTheIntervalBeyondTheItemOnlyBootstrap()
    {
        var rng = new Xoshiro256StarStar(2);
        var items = Enumerable.Range(0, 300).Select(_ => rng.NextGaussian()).ToArray();
        var options = new BootstrapOptions { Resamples = 3000, Seed = 8 };
        var calm = HierarchicalBootstrap.MeanDifference(Design(rng, items, 5, 0.1, 0.0), Design(rng, items, 5, 0, 0.0), options);
        var noisy = HierarchicalBootstrap.MeanDifference(Design(rng, items, 5, 0.1, 0.2), Design(rng, items, 5, 0, 0.2), options);
        // Items cancel in the paired difference, so without seed effects the SE is tiny (noise 0.1/√(300·5) ≈ 0.004
        // per design); seed effects of SD 0.2 over 5 seeds add about 0.2·√(2/5)·√(4/5) ≈ 0.11 (bootstrap plug-in).
        Assert.InRange(calm.StandardError, 0.002, 0.01);
        Assert.InRange(noisy.StandardError, 0.04, 0.25);
    }

    [Fact]
    public void StandardErrorMatchesTheTwoLevelPlugInVariance()
    {
        // Resampling seeds (then items) gives Var ≈ (s−1)/s² · var(seed means) per design + (n−1)/n² · var over items
        // of the seed-averaged per-item difference; the cross term is small. Compare the bootstrap SE with it.
        var rng = new Xoshiro256StarStar(21);
        var items = Enumerable.Range(0, 400).Select(_ => rng.NextGaussian()).ToArray();
        var a = Design(rng, items, 4, 0.1, 0.15);
        var b = Design(rng, items, 6, 0.0, 0.15);
        static double Var(double[] v) { double m = v.Average(); return v.Sum(x => (x - m) * (x - m)) / (v.Length - 1); }
        var seedMeansA = a.Select(s => s.Average()).ToArray();
        var seedMeansB = b.Select(s => s.Average()).ToArray();
        var itemDiff = Enumerable.Range(0, items.Length).Select(i => a.Average(s => s[i]) - b.Average(s => s[i])).ToArray();
        int n = items.Length;
        double expected = Math.Sqrt(3.0 / 16 * Var(seedMeansA) + 5.0 / 36 * Var(seedMeansB) + (n - 1.0) / (n * (double)n) * Var(itemDiff));
        var r = HierarchicalBootstrap.MeanDifference(a, b, new BootstrapOptions { Resamples = 4000, Seed = 6 });
        Assert.InRange(r.StandardError, 0.9 * expected, 1.1 * expected);
    }

    [Fact]
    public void SeedsMustCoverTheSameItems()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            HierarchicalBootstrap.MeanDifference([[1, 2, 3]], [[1, 2]], new BootstrapOptions { Resamples = 10 }));
        Assert.Contains("same 3 items", error.Message);
    }
}

using Ablation.Stats.Resampling;

namespace Ablation.Stats.Tests.Resampling;

public class Xoshiro256StarStarTests
{
    [Fact]
    public void FollowsThePublishedAlgorithm()
    {
        // From Blackman & Vigna's definition with state (1, 2, 3, 4): the first output is rotl(2·5, 7)·9 = 11520; the
        // state update then makes s1 = 2 ^ (3 ^ 1) = 0, so the second output is rotl(0, 7)·9 = 0.
        var rng = Xoshiro256StarStar.FromState(1, 2, 3, 4);
        Assert.Equal(11520UL, rng.NextUInt64());
        Assert.Equal(0UL, rng.NextUInt64());
    }

    [Fact]
    public void IndicesAreUniformAndInRange()
    {
        // 7 bins (not a power of two, so rejection matters), 700,000 draws: chi-square with 6 df below 22.46 (p = 0.001).
        var rng = new Xoshiro256StarStar(123);
        var indices = new int[700_000];
        rng.FillIndices(indices, 7);
        var counts = new int[7];
        foreach (int i in indices) counts[i]++;
        double chi2 = counts.Sum(c => (c - 100_000.0) * (c - 100_000.0) / 100_000.0);
        Assert.True(chi2 < 22.46, $"chi-square {chi2}");
        Assert.InRange(Enumerable.Range(0, 1000).Select(_ => rng.NextInt(3)).Max(), 0, 2);
    }

    [Fact]
    public void GaussianHasUnitMomentsAndSeedsAreReproducible()
    {
        var rng = new Xoshiro256StarStar(9);
        var v = Enumerable.Range(0, 200_000).Select(_ => rng.NextGaussian()).ToArray();
        Assert.InRange(v.Average(), -0.01, 0.01);
        Assert.InRange(v.Select(x => x * x).Average(), 0.98, 1.02);
        Assert.Equal(new Xoshiro256StarStar(5).NextUInt64(), new Xoshiro256StarStar(5).NextUInt64());
    }
}

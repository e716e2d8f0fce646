using Ablation.Stats.Distributions;

namespace Ablation.Stats.Tests.Distributions;

/// <summary>Quantiles and tails against scipy.stats (power.json "t_quantile", ranks.json "studentized_range").</summary>
public class ProbabilityTests
{
    // scipy's t.ppf (cephes stdtrit) is itself only good to ~1e-8 relative far in the tail (its own t.cdf of its
    // quantile misses p by 2e-8 at p = 1e-6, df = 13), so ours must agree with it to 1e-7 and invert scipy's
    // cdf-equivalent (the regularized incomplete beta) to 1e-12.
    [Fact]
    public void StudentTQuantileMatchesScipyAndInvertsTheCdfExactly()
    {
        foreach (var c in Fixtures.Load("power.json").GetProperty("t_quantile").EnumerateArray())
        {
            double p = c.Double("p"), df = c.Double("df");
            double q = Probability.StudentTQuantile(p, df);
            Fixtures.Close(c.Double("q"), q, 1e-7, 1e-13, $"p={p} df={df}");
            Fixtures.Close(p, Probability.StudentTCdf(q, df), 1e-12, 0, $"cdf(quantile) p={p} df={df}");
        }
    }

    [Fact]
    public void NormalQuantileInvertsTheCdf()
    {
        foreach (double p in new[] { 1e-12, 1e-5, 0.025, 0.5, 0.8, 0.975, 1 - 1e-9 })
            Fixtures.Close(p, Probability.NormalCdf(Probability.NormalQuantile(p)), 1e-12, 0, $"p={p}");
        Assert.Equal(1.959963984540054, Probability.NormalQuantile(0.975), 14);
    }
}

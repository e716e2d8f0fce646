using Ablation.Stats.Power;
using Ablation.Stats.Distributions;

namespace Ablation.Stats.Tests.Power;

/// <summary>Power against statsmodels' TTestPower (power.json) and invariants.</summary>
public class PairedPowerTests
{
    [Fact]
    public void PowerMatchesStatsmodels()
    {
        foreach (var c in Fixtures.Load("power.json").GetProperty("power").EnumerateArray())
        {
            var alternative = AlternativeNames.Parse(c.GetProperty("alternative").GetString()!);
            int n = c.GetProperty("n").GetInt32();
            double power = PairedPower.Power(c.Double("effect"), n, c.Double("alpha"), alternative);
            Fixtures.Close(c.Double("power"), power, 1e-6, 1e-12, $"effect={c.Double("effect")} n={n} alpha={c.Double("alpha")} {alternative}");
        }
    }

    [Fact]
    public void MinimumDetectableEffectMatchesStatsmodelsSolvePower()
    {
        foreach (var c in Fixtures.Load("power.json").GetProperty("solve_effect").EnumerateArray())
        {
            int n = c.GetProperty("n").GetInt32();
            double effect = PairedPower.MinimumDetectableEffect(n, c.Double("alpha"), c.Double("power"));
            // statsmodels' brentq stops at ~1e-5 relative; ours solves to full precision.
            Fixtures.Close(c.Double("effect"), effect, 2e-5, 0, $"n={n} power={c.Double("power")}");
            Fixtures.Close(c.Double("power"), PairedPower.Power(effect, n, c.Double("alpha")), 1e-9, 0, "power at the solution");
        }
    }

    [Fact]
    public void NoncentralTWithZeroNoncentralityIsStudentT()
    {
        foreach (double df in new[] { 1.0, 3, 12, 200 })
            foreach (double t in new[] { -3.0, -0.5, 0, 1.7, 4 })
                Fixtures.Close(Probability.StudentTCdf(t, df), NoncentralT.Cdf(t, df, 0), 1e-9, 1e-14, $"df={df} t={t}");
    }

    [Fact]
    public void SampleSizeIsTheSmallestNReachingThePower()
    {
        int n = PairedPower.SampleSize(0.5, 0.05, 0.8);
        Assert.True(PairedPower.Power(0.5, n) >= 0.8);
        Assert.True(PairedPower.Power(0.5, n - 1) < 0.8);
        Assert.Equal(34, n); // classic table value for d = 0.5, α = 0.05 two-sided, power 0.8 (paired/one-sample)
    }

    [Fact]
    public void SeedsForCiWidthIsTheSmallestCountMeetingTheWidth()
    {
        int m = PairedPower.SeedsForCiWidth(seedSd: 0.4, width: 0.5);
        double Width(int k) => 2 * Probability.StudentTQuantile(0.975, k - 1) * 0.4 / Math.Sqrt(k);
        Assert.True(Width(m) <= 0.5);
        Assert.True(Width(m - 1) > 0.5);
    }
}

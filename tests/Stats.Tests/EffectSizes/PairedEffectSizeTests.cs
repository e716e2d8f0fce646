using Ablation.Stats.EffectSizes;

namespace Ablation.Stats.Tests.EffectSizes;

/// <summary>Effect sizes against numpy/scipy formulas computed in make_paired_fixtures.py (paired.json, "effect").</summary>
public class PairedEffectSizeTests
{
    public static IEnumerable<object[]> CaseNames() =>
        Fixtures.Load("paired.json").GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesFormulas(string name)
    {
        var c = Fixtures.Load("paired.json").GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == name);
        var a = c.Doubles("a");
        var b = c.Doubles("b");
        var e = c.GetProperty("effect");
        var ci = PairedEffectSize.MeanDifferenceWithCi(a, b, 0.95);
        Fixtures.Close(e.Double("mean_diff"), ci.Estimate, 1e-10, 1e-14, "mean");
        // The interval's half-width uses the t quantile, where scipy's stdtrit is accurate to ~1e-8 only.
        double halfWidth = (e.Double("ci_high") - e.Double("ci_low")) / 2;
        Fixtures.Close(e.Double("ci_low"), ci.Low, 0, 1e-8 * halfWidth, "ci low");
        Fixtures.Close(e.Double("ci_high"), ci.High, 0, 1e-8 * halfWidth, "ci high");
        Fixtures.Close(e.Double("cohens_dz"), PairedEffectSize.CohensDz(a, b), 1e-9, 1e-13, "d_z");
        Fixtures.Close(e.Double("hedges_gav"), PairedEffectSize.HedgesGav(a, b), 1e-9, 1e-13, "g_av");
        Fixtures.Close(e.Double("rank_biserial"), PairedEffectSize.RankBiserial(a, b), 1e-12, 1e-14, "rank-biserial");
        Fixtures.Close(e.Double("cliffs_delta"), PairedEffectSize.CliffsDelta(a, b), 1e-12, 1e-14, "Cliff's delta");
        var wtl = PairedEffectSize.Count(a, b);
        Assert.Equal((e.GetProperty("wins").GetInt32(), e.GetProperty("ties").GetInt32(), e.GetProperty("losses").GetInt32()), (wtl.Wins, wtl.Ties, wtl.Losses));
    }

    [Fact]
    public void HedgesCorrectionApproachesOneAndMatchesTheClassicApproximation()
    {
        // J(ν) ≈ 1 − 3/(4ν − 1) (Hedges 1981); the exact value is within 1e-3 of it from ν = 10 on.
        foreach (double df in new[] { 10.0, 30, 100, 1000 })
            Assert.Equal(1 - 3 / (4 * df - 1), PairedEffectSize.HedgesCorrection(df), 3);
    }
}

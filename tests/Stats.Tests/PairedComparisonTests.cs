using Ablation.Stats.PairedTests;

namespace Ablation.Stats.Tests;

public class PairedComparisonTests
{
    [Fact]
    public void RunsEveryTestAndAgreesWithTheIndividualMethods()
    {
        var c = Fixtures.Load("paired.json").GetProperty("cases").EnumerateArray().First(x => x.GetProperty("name").GetString() == "continuous-60");
        var a = c.Doubles("a");
        var b = c.Doubles("b");
        var result = PairedComparison.Compare(a, b, new PairedComparisonOptions { Resamples = 2000, Seed = 1 });
        Assert.Equal(PairedComparison.TestNames, result.Tests.Keys.ToArray());
        Assert.Equal(60, result.N);
        Assert.Equal(c.GetProperty("ttest").GetProperty("two-sided")[1].GetDouble(), result.Tests["t"].PValue, 12);
        Assert.Equal(WilcoxonSignedRank.Test(a, b).PValue, result.Tests["wilcoxon"].PValue);
        Assert.Equal(c.GetProperty("effect").Double("mean_diff"), result.MeanDifference, 12);
        Assert.Equal("BCa", result.Interval.Method);
        Assert.True(result.Interval.Low < result.MeanDifference && result.MeanDifference < result.Interval.High);
        Assert.Equal(result.MeanA - result.MeanB, result.MeanDifference, 12);
    }

    [Fact]
    public void IdenticalScoresGiveNoTestThatCannotBeComputedAndNoCrash()
    {
        double[] a = [0.5, 0.7, 0.9, 0.1];
        var result = PairedComparison.Compare(a, a, new PairedComparisonOptions { Resamples = 100 });
        Assert.False(result.Tests.ContainsKey("t"));        // t undefined for constant differences
        Assert.False(result.Tests.ContainsKey("wilcoxon")); // nothing to rank under zero_method wilcox
        Assert.Equal(1.0, result.Tests["sign"].PValue);
        Assert.Equal(1.0, result.Tests["permutation"].PValue);
        Assert.Equal(new Ablation.Stats.EffectSizes.WinTieLoss(0, 4, 0), result.Effects.WinTieLoss);
    }

    [Fact]
    public void OnlyRequestedTestsRun()
    {
        var result = PairedComparison.Compare([1, 2, 3, 4.5], [1.5, 1, 2, 3], new PairedComparisonOptions { Tests = PairedTestKind.T | PairedTestKind.Sign, Resamples = 50 });
        Assert.Equal(["t", "sign"], result.Tests.Keys.ToArray());
    }
}

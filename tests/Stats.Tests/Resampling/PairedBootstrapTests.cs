using Ablation.Stats.Resampling;

namespace Ablation.Stats.Tests.Resampling;

/// <summary>Bootstrap against scipy.stats.bootstrap (bootstrap.json), exact invariants, and coverage by simulation.</summary>
public class PairedBootstrapTests
{
    public static IEnumerable<object[]> ScipyCases() =>
        Fixtures.Load("bootstrap.json").GetProperty("cases").EnumerateArray().Select((_, i) => new object[] { i });

    // Both sides are Monte Carlo (scipy 40,000 / 20,000 resamples, ours 40,000): an endpoint's Monte Carlo SD is
    // about 0.014 standard errors at B = 40,000, so 0.1 SE is over 5 SDs of the difference of the two.
    [Theory]
    [MemberData(nameof(ScipyCases))]
    public void IntervalsAgreeWithScipyWithinMonteCarloError(int index)
    {
        var c = Fixtures.Load("bootstrap.json").GetProperty("cases")[index];
        var statistic = c.GetProperty("statistic").GetString() == "mean"
            ? ResampleStatistics.Mean(c.Doubles("d"))
            : ResampleStatistics.Spearman(c.Doubles("x"), c.Doubles("y"));
        var result = PairedBootstrap.Run(statistic, new BootstrapOptions { Resamples = 40000, Seed = 11 });
        var interval = c.GetProperty("method").GetString() == "BCa" ? result.BCa! : result.Percentile;
        double se = c.Double("standard_error");
        Fixtures.Close(c.Double("low"), interval.Low, 0, 0.1 * se, "low");
        Fixtures.Close(c.Double("high"), interval.High, 0, 0.1 * se, "high");
        Fixtures.Close(se, result.StandardError, 0.03, 0, "standard error");
    }

    [Fact]
    public void SpearmanOnAResampleEqualsSpearmanOfTheMaterialisedResample()
    {
        var rng = new Xoshiro256StarStar(3);
        var x = Enumerable.Range(0, 300).Select(_ => Math.Round(rng.NextGaussian(), 1)).ToArray(); // with ties
        var y = x.Select(v => v + rng.NextGaussian()).ToArray();
        var statistic = ResampleStatistics.Spearman(x, y);
        var indices = new int[300];
        for (int trial = 0; trial < 20; trial++)
        {
            rng.FillIndices(indices, 300);
            double expected = Correlation.Spearman(indices.Select(i => x[i]).ToArray(), indices.Select(i => y[i]).ToArray());
            Assert.Equal(expected, statistic.Evaluate(indices), 12);
        }
    }

    [Fact]
    public void MeanJackknifeShortcutEqualsTheGenericJackknife()
    {
        var rng = new Xoshiro256StarStar(5);
        var v = Enumerable.Range(0, 50).Select(_ => rng.NextGaussian()).ToArray();
        var fast = Jackknife.LeaveOneOut(ResampleStatistics.Mean(v));
        var generic = new double[50];
        Jackknife.Generic(ResampleStatistics.FromDelegate(50, idx => { double s = 0; foreach (int i in idx) s += v[i]; return s / idx.Length; }), generic);
        for (int i = 0; i < 50; i++) Assert.Equal(generic[i], fast[i], 12);
    }

    [Fact]
    public void SameSeedGivesIdenticalResultsAndAnotherSeedDoesNot()
    {
        var a = Enumerable.Range(0, 100).Select(i => Math.Sin(i)).ToArray();
        var b = Enumerable.Range(0, 100).Select(i => Math.Cos(i)).ToArray();
        var r1 = PairedBootstrap.MeanDifference(a, b, new BootstrapOptions { Resamples = 500, Seed = 42 });
        var r2 = PairedBootstrap.MeanDifference(a, b, new BootstrapOptions { Resamples = 500, Seed = 42 });
        var r3 = PairedBootstrap.MeanDifference(a, b, new BootstrapOptions { Resamples = 500, Seed = 43 });
        Assert.Equal(r1.Replicates, r2.Replicates);
        Assert.Equal(r1.BCa, r2.BCa);
        Assert.NotEqual(r1.Replicates, r3.Replicates);
    }

    [Fact]
    public void DifferenceOfTwoMetricsEqualsTheMetricOfTheDifferenceForMeans()
    {
        var a = Enumerable.Range(0, 60).Select(i => Math.Sin(i * 0.7)).ToArray();
        var b = Enumerable.Range(0, 60).Select(i => Math.Cos(i * 0.3)).ToArray();
        var options = new BootstrapOptions { Resamples = 300, Seed = 9 };
        var viaDifference = PairedBootstrap.Run(ResampleStatistics.Difference(ResampleStatistics.Mean(a), ResampleStatistics.Mean(b)), options);
        var direct = PairedBootstrap.MeanDifference(a, b, options);
        for (int i = 0; i < 300; i++) Assert.Equal(direct.Replicates[i], viaDifference.Replicates[i], 12);
        Assert.Equal(direct.BCa!.Low, viaDifference.BCa!.Low, 12);
    }

    [Fact]
    public void PValueCountsShiftedReplicatesAndIsNeverZero()
    {
        Assert.Equal(1.0 / 5, PairedBootstrap.PValue([1.0, 1.2, 0.9, 1.1], 1.0, Alternative.TwoSided));
        // Estimate 0.05, shifted replicates 0, 0.2, −0.1, 0.1: three have |θ* − θ̂| ≥ 0.05.
        Assert.Equal(4.0 / 5, PairedBootstrap.PValue([0.05, 0.25, -0.05, 0.15], 0.05, Alternative.TwoSided), 12);
        // One-sided "greater": θ* − θ̂ ≥ θ̂ for 0.2 and 0.1 only.
        Assert.Equal(3.0 / 5, PairedBootstrap.PValue([0.05, 0.25, -0.05, 0.15], 0.05, Alternative.Greater), 12);
    }

    [Fact]
    public void PercentileIntervalsCoverTheTrueMeanDifferenceAbout95PercentOfTheTime()
    {
        // 2,000 simulated paired data sets (n = 80, true difference 0.3, skew-free); 95% percentile and BCa intervals.
        var rng = new Xoshiro256StarStar(2026);
        const int simulations = 2000, n = 80;
        int percentileHits = 0, bcaHits = 0;
        var d = new double[n];
        var statistic = ResampleStatistics.Mean(d);
        for (int s = 0; s < simulations; s++)
        {
            for (int i = 0; i < n; i++) d[i] = 0.3 + rng.NextGaussian();
            var r = PairedBootstrap.Run(statistic, new BootstrapOptions { Resamples = 999, Seed = (ulong)s });
            if (r.Percentile.Low <= 0.3 && 0.3 <= r.Percentile.High) percentileHits++;
            if (r.BCa!.Low <= 0.3 && 0.3 <= r.BCa.High) bcaHits++;
        }
        double percentileCoverage = percentileHits / (double)simulations, bcaCoverage = bcaHits / (double)simulations;
        Assert.InRange(percentileCoverage, 0.93, 0.97);
        Assert.InRange(bcaCoverage, 0.93, 0.97);
    }
}

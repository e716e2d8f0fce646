using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Reporting;
using Ablation.Stats.Resampling;

namespace Ablation.Harness.Tests.Reporting;

/// <summary>The O(n) resampling statistics equal the evaluators' metrics computed on the materialised resample.</summary>
public class CountedStatisticsTests
{
    [Fact]
    public void MaxAveragePrecision_EqualsScikitStyleApOnTheMaterialisedResample()
    {
        var rng = new Random(3);
        int n = 200;
        var labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.4).ToArray();
        // Rounded scores create ties, which AP treats as one threshold step.
        var a = labels.Select(l => Math.Round((l ? 0.4 : 0) + rng.NextDouble(), 1)).ToArray();
        var b = labels.Select(l => (l ? 0.2 : 0) + rng.NextDouble()).ToArray();
        var statistic = CountedStatistics.MaxAveragePrecision([a, b], labels);
        var indices = new int[n];
        for (int trial = 0; trial < 200; trial++)
        {
            for (int i = 0; i < n; i++) indices[i] = trial == 0 ? i : rng.Next(n);
            var l = indices.Select(i => labels[i]).ToArray();
            double expected = Math.Max(AveragePrecision.Compute(indices.Select(i => a[i]).ToArray(), l), AveragePrecision.Compute(indices.Select(i => b[i]).ToArray(), l));
            Assert.Equal(expected, statistic.Evaluate(indices), 12);
            var counts = new ResampleCounts(n);
            counts.Set(indices);
            Assert.Equal(statistic.Evaluate(indices), ((ICountedStatistic)statistic).EvaluateCounts(counts));
        }
    }

    [Fact]
    public void VMeasure_EqualsClusteringScoresOnTheMaterialisedResample()
    {
        var rng = new Random(5);
        int n = 300;
        var truth = Enumerable.Range(0, n).Select(_ => rng.Next(7)).ToArray();
        var clusters = truth.Select(t => rng.NextDouble() < 0.6 ? t : rng.Next(9)).ToArray();
        var statistic = CountedStatistics.VMeasure(truth, clusters);
        var indices = new int[n];
        for (int trial = 0; trial < 200; trial++)
        {
            for (int i = 0; i < n; i++) indices[i] = trial == 0 ? i : rng.Next(n);
            double expected = ClusteringScores.VMeasure(indices.Select(i => truth[i]).ToArray(), indices.Select(i => clusters[i]).ToArray());
            Assert.Equal(expected, statistic.Evaluate(indices), 12);
            var counts = new ResampleCounts(n);
            counts.Set(indices);
            Assert.Equal(statistic.Evaluate(indices), ((ICountedStatistic)statistic).EvaluateCounts(counts));
        }
        // More draws than items (counts above n): still the evaluator's V-measure.
        var many = Enumerable.Range(0, 3 * n).Select(_ => rng.Next(n)).ToArray();
        Assert.Equal(ClusteringScores.VMeasure(many.Select(i => truth[i]).ToArray(), many.Select(i => clusters[i]).ToArray()), statistic.Evaluate(many), 12);
    }

    [Fact]
    public void MaxAveragePrecision_OverColumnsRankingAlike_EqualsTheMaximumOverEachColumn()
    {
        // cosine, dot = cosine, and two distances monotone in it (with ties): one ranking; plus one that ranks differently.
        var rng = new Random(8);
        int n = 150;
        var labels = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.5).ToArray();
        var cosine = labels.Select(l => Math.Round((l ? 0.3 : 0) + rng.NextDouble(), 2)).ToArray();
        var other = labels.Select(l => (l ? 0.35 : 0) + rng.NextDouble()).ToArray();
        double[][] alike = [cosine, (double[])cosine.Clone(), cosine.Select(c => -(1 - c)).ToArray(), cosine.Select(c => -(2 - 2 * c)).ToArray()];
        var together = CountedStatistics.MaxAveragePrecision([.. alike, other], labels);
        var single = new[] { CountedStatistics.MaxAveragePrecision([cosine], labels), CountedStatistics.MaxAveragePrecision([other], labels) };
        var indices = new int[n];
        bool otherWins = false, cosineWins = false;
        for (int trial = 0; trial < 300; trial++)
        {
            for (int i = 0; i < n; i++) indices[i] = rng.Next(n);
            double a = single[0].Evaluate(indices), b = single[1].Evaluate(indices);
            Assert.Equal(Math.Max(a, b), together.Evaluate(indices));
            otherWins |= b > a;
            cosineWins |= a > b;
        }
        Assert.True(otherWins && cosineWins);   // both rankings decide the maximum somewhere
    }
}

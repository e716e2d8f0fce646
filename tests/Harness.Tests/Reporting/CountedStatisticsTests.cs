using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Reporting;

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
            var counts = new int[n];
            foreach (int i in indices) counts[i]++;
            Assert.Equal(statistic.Evaluate(indices), ((Ablation.Stats.Resampling.ICountedStatistic)statistic).EvaluateCounts(counts, n));
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
        }
    }
}

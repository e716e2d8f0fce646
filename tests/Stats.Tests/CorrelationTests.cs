using System.Text.Json;
using Ablation.Tests.Shared;

namespace Ablation.Stats.Tests;

/// <summary>Correlations and ranks against scipy (fixture made by tests/fixtures/stats/make_correlation_fixtures.py).</summary>
public class CorrelationTests
{
    public record Case(string Name, double[] X, double[] Y, double Pearson, double Spearman, double KendallTauB, double[] RanksX);

    public static IEnumerable<object[]> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("stats", "correlation.json")));
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            double[] Arr(string key) => c.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            yield return [new Case(c.GetProperty("name").GetString()!, Arr("x"), Arr("y"),
                c.GetProperty("pearson").GetDouble(), c.GetProperty("spearman").GetDouble(),
                c.GetProperty("kendall_tau_b").GetDouble(), Arr("ranks_x"))];
        }
    }

    // scipy computes in float64 with different summation orders; 1e-12 absolute is far below any
    // difference that matters and far above rounding noise for |r| <= 1.
    private const double Tolerance = 1e-12;

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesScipy(Case c)
    {
        Assert.Equal(c.Pearson, Correlation.Pearson(c.X, c.Y), Tolerance);
        Assert.Equal(c.Spearman, Correlation.Spearman(c.X, c.Y), Tolerance);
        Assert.Equal(c.KendallTauB, Correlation.KendallTauB(c.X, c.Y), Tolerance);
        Assert.Equal(c.RanksX, Ranking.AverageRanks(c.X));
    }

    [Fact]
    public void ConstantInputHasNoCorrelation()
    {
        Assert.True(double.IsNaN(Correlation.Pearson([1, 1, 1], [1, 2, 3])));
        Assert.True(double.IsNaN(Correlation.Spearman([1, 2, 3], [4, 4, 4])));
    }

    [Fact]
    public void MismatchedLengthsAreRejectedWithBothLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2, 3], [1, 2]));
        Assert.Contains("3 and 2", error.Message);
    }

    [Fact]
    public void NaNCannotBeRanked()
    {
        var error = Assert.Throws<ArgumentException>(() => Ranking.AverageRanks([1, double.NaN]));
        Assert.Contains("index 1", error.Message);
    }
}

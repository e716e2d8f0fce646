using Ablation.Stats.MultipleComparisons;

namespace Ablation.Stats.Tests.MultipleComparisons;

/// <summary>Corrections against statsmodels' multipletests (multipletests.json) and a published example.</summary>
public class PValueAdjustmentTests
{
    public static IEnumerable<object[]> Cases() =>
        Fixtures.Load("multipletests.json").GetProperty("cases").EnumerateArray().Select((_, i) => new object[] { i });

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesStatsmodels(int index)
    {
        var c = Fixtures.Load("multipletests.json").GetProperty("cases")[index];
        var method = AdjustmentMethodNames.Parse(c.GetProperty("method").GetString()!);
        var result = PValueAdjustment.Adjust(c.Doubles("p"), method, c.Double("alpha"));
        var expected = c.Doubles("adjusted");
        var reject = c.GetProperty("reject").EnumerateArray().Select(v => v.GetBoolean()).ToArray();
        for (int i = 0; i < expected.Length; i++)
            Fixtures.Close(expected[i], result.Adjusted[i], 1e-12, 1e-15, $"{method} #{i}");
        Assert.Equal(reject, result.Reject);
    }

    // Benjamini & Hochberg (1995), section 4: 15 p-values from a multiple-endpoint trial. At level 0.05 the
    // Bonferroni approach rejects 3 hypotheses and the FDR procedure rejects 4 (p ≤ 0.0095).
    private static readonly double[] BenjaminiHochberg1995 =
        [0.0201, 0.7590, 0.0001, 0.0004, 0.0019, 0.0095, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 1.000];

    [Fact]
    public void PublishedBenjaminiHochbergExampleRejectsFourWhereBonferroniRejectsThree()
    {
        var bh = PValueAdjustment.Adjust(BenjaminiHochberg1995, AdjustmentMethod.BenjaminiHochberg);
        var bonferroni = PValueAdjustment.Adjust(BenjaminiHochberg1995, AdjustmentMethod.Bonferroni);
        var holm = PValueAdjustment.Adjust(BenjaminiHochberg1995, AdjustmentMethod.Holm);
        Assert.Equal(4, bh.Reject.Count(r => r));
        Assert.Equal(3, bonferroni.Reject.Count(r => r));
        Assert.Equal(3, holm.Reject.Count(r => r));
        // Rejected are exactly the four smallest, wherever they sit in the input.
        Assert.Equal([false, false, true, true, true, true, false, false, false, false, false, false, false, false, false], bh.Reject);
        // BH adjusted p of 0.0095 (rank 4 of 15) is 0.0095·15/4; of 0.0001 is min over ranks ≥ 1 = 0.0015.
        Assert.Equal(0.0095 * 15 / 4, bh.Adjusted[5], 12);
        Assert.Equal(0.0001 * 15, bh.Adjusted[2], 12);
        Assert.Equal(1.0, bonferroni.Adjusted[1]);
    }

    [Fact]
    public void AdjustedValuesNeverFallBelowRawAndOrderIsPreserved()
    {
        var rng = new Ablation.Stats.Resampling.Xoshiro256StarStar(7);
        var p = Enumerable.Range(0, 40).Select(_ => rng.NextDouble() * 0.2).ToArray();
        foreach (AdjustmentMethod method in Enum.GetValues<AdjustmentMethod>())
        {
            var adjusted = PValueAdjustment.Adjust(p, method).Adjusted;
            for (int i = 0; i < p.Length; i++)
            {
                Assert.True(adjusted[i] >= p[i] - 1e-15, $"{method}: adjusted below raw");
                for (int j = 0; j < p.Length; j++)
                    if (p[i] < p[j]) Assert.True(adjusted[i] <= adjusted[j] + 1e-15, $"{method}: order not preserved");
            }
        }
    }

    [Fact]
    public void InvalidPValuesAreRejectedNamingTheirPosition()
    {
        var error = Assert.Throws<ArgumentException>(() => PValueAdjustment.Adjust([0.1, 1.5], AdjustmentMethod.Holm));
        Assert.Contains("p-value 2", error.Message);
    }
}

using Ablation.Stats.PairedTests;
using Ablation.Stats.Power;
using Ablation.Stats.Resampling;

namespace Ablation.Stats.Tests;

/// <summary>
/// Calibration by simulation: under a true null each test rejects at α = 0.05 in 4–6% of 4,000 simulated paired
/// data sets (the binomial SD of a rate near 0.05 over 4,000 runs is 0.0034); under a known shift the t-test's
/// rejection rate matches the analytic (noncentral t) power within 3 points. Seeds are fixed, so these are
/// deterministic.
/// </summary>
public class CalibrationTests
{
    private const int DataSets = 4000;

    private static double RejectionRate(int n, double shift, Func<double[], double[], int, double> pValue, ulong seed = 77)
    {
        var rng = new Xoshiro256StarStar(seed);
        int rejections = 0;
        var a = new double[n];
        var b = new double[n];
        for (int s = 0; s < DataSets; s++)
        {
            for (int i = 0; i < n; i++)
            {
                double item = rng.NextGaussian(); // shared item difficulty: the pairing
                a[i] = item + shift + rng.NextGaussian() / Math.Sqrt(2);
                b[i] = item + rng.NextGaussian() / Math.Sqrt(2);
            }
            if (pValue(a, b, s) <= 0.05) rejections++;
        }
        return rejections / (double)DataSets;
    }

    [Fact]
    public void PairedTTestHoldsItsLevel() =>
        Assert.InRange(RejectionRate(30, 0, (a, b, _) => PairedTTest.Test(a, b).PValue), 0.04, 0.06);

    [Fact]
    public void WilcoxonHoldsItsLevelExactAndApproximate()
    {
        Assert.InRange(RejectionRate(30, 0, (a, b, _) => WilcoxonSignedRank.Test(a, b).PValue), 0.04, 0.06);
        Assert.InRange(RejectionRate(80, 0, (a, b, _) => WilcoxonSignedRank.Test(a, b).PValue), 0.04, 0.06);
    }

    [Fact]
    public void SignTestHoldsItsLevel() =>
        // n = 30: the exact test's attainable size is 2·P(Bin(30, ½) ≤ 9) = 0.043.
        Assert.InRange(RejectionRate(30, 0, (a, b, _) => SignTest.Test(a, b).PValue), 0.04, 0.06);

    [Fact]
    public void MonteCarloPermutationTestHoldsItsLevel() =>
        Assert.InRange(RejectionRate(40, 0, (a, b, s) => PermutationTest.Test(a, b, resamples: 499, seed: (ulong)s).PValue), 0.04, 0.06);

    [Fact]
    public void ExactPermutationTestHoldsItsLevel() =>
        Assert.InRange(RejectionRate(12, 0, (a, b, _) => PermutationTest.Test(a, b).PValue), 0.04, 0.06);

    [Fact]
    public void BootstrapPValueHoldsItsLevel() =>
        Assert.InRange(RejectionRate(60, 0, (a, b, s) =>
            PairedBootstrap.MeanDifference(a, b, new BootstrapOptions { Resamples = 499, Seed = (ulong)s, ComputeBCa = false }).PValue), 0.04, 0.06);

    [Fact]
    public void TTestPowerUnderAKnownShiftMatchesTheAnalyticPower()
    {
        // Differences have SD 1 (two halves of variance ½), so a shift of 0.5 is a standardized effect of 0.5.
        double empirical = RejectionRate(30, 0.5, (a, b, _) => PairedTTest.Test(a, b).PValue);
        double analytic = PairedPower.Power(0.5, 30);
        Assert.InRange(empirical, analytic - 0.03, analytic + 0.03);
    }

    [Fact]
    public void BootstrapPowerSimulationAgreesWithTheTTestPowerForNormalData()
    {
        var rng = new Xoshiro256StarStar(5);
        var pilot = Enumerable.Range(0, 2000).Select(_ => rng.NextGaussian()).ToArray();
        double simulated = BootstrapPower.Simulate(pilot, trueShift: 0.5, n: 30, simulations: 400, resamples: 499, seed: 3);
        // The percentile bootstrap is slightly liberal at n = 30; 400 simulations have SD ≈ 0.022.
        Assert.InRange(simulated, PairedPower.Power(0.5, 30) - 0.07, PairedPower.Power(0.5, 30) + 0.09);
    }
}

using Ablation.Stats.Resampling;

namespace Ablation.Stats.Power;

/// <summary>
/// Simulation-based power of the paired bootstrap: data sets of n differences are drawn from the observed
/// (pilot) differences re-centred on a hypothesised true shift; the fraction whose percentile interval excludes 0
/// estimates the power. Makes no normality assumption, unlike <see cref="PairedPower"/>.
/// </summary>
public static class BootstrapPower
{
    public static double Simulate(ReadOnlySpan<double> pilotDifferences, double trueShift, int n, int simulations = 500,
        int resamples = 999, double level = 0.95, ulong seed = 0)
    {
        if (pilotDifferences.Length < 2) throw new ArgumentException("the pilot needs at least 2 differences");
        if (n < 2 || simulations < 1) throw new ArgumentException("need n ≥ 2 and at least one simulation");
        double mean = Summary.Mean(pilotDifferences);
        var centred = pilotDifferences.ToArray().Select(v => v - mean + trueShift).ToArray();
        var rng = new Xoshiro256StarStar(seed);
        var sample = new double[n];
        var draw = new int[n];
        var statistic = ResampleStatistics.Mean(sample);
        int rejections = 0;
        for (int s = 0; s < simulations; s++)
        {
            rng.FillIndices(draw, centred.Length);
            for (int i = 0; i < n; i++) sample[i] = centred[draw[i]];
            var result = PairedBootstrap.Run(statistic, new BootstrapOptions
            {
                Resamples = resamples, Level = level, Seed = rng.NextUInt64(), ComputeBCa = false,
            });
            if (result.Percentile.Low > 0 || result.Percentile.High < 0) rejections++;
        }
        return rejections / (double)simulations;
    }
}

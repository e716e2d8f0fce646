using Ablation.Harness.Figures;
using Ablation.Stats;
using Ablation.Stats.PairedTests;
using Ablation.Stats.Power;
using MathNet.Numerics.Distributions;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// Paper B's "faster early convergence" in numbers: per seed, the mean stage-II (contrastive) training loss over the
/// first <see cref="EarlyFraction"/> of its steps, with stage I minus without, paired by seed (the same seed draws
/// the same stage-II data order), with a paired t-test and its interval over seeds. Read from train-metrics.csv.
/// </summary>
public sealed record EarlyConvergence(string With, string Without, int EarlySteps, IReadOnlyList<long> Seeds, double[] LossWith, double[] LossWithout,
    double MeanDiff, double CiLow, double CiHigh, double PValue, double Mde)
{
    public const double EarlyFraction = 0.2;
    public const string Stage = "contrastive";

    /// <summary>Null when fewer than two seeds have a stage-II loss curve in both designs.</summary>
    public static EarlyConvergence? Of(ReportModel model, string with, string without, double level = 0.95, double alpha = 0.05)
    {
        var logs = TrainingLog.ReadAll(model.Cells.Where(c => c.State == CellState.Done && (c.Design == with || c.Design == without)))
            .Where(l => l.Stage == Stage && l.Steps.Length > 0).ToList();
        var seeds = logs.Where(l => l.Design == with).Select(l => l.Seed).Intersect(logs.Where(l => l.Design == without).Select(l => l.Seed)).Order().ToList();
        if (seeds.Count < 2) return null;
        int steps = logs.Min(l => l.Steps.Length);
        int early = Math.Max(1, (int)Math.Round(steps * EarlyFraction));
        double Early(TrainingLog l) => l.Loss.Take(early).Average();
        var a = seeds.Select(s => Early(logs.First(l => l.Design == with && l.Seed == s))).ToArray();
        var b = seeds.Select(s => Early(logs.First(l => l.Design == without && l.Seed == s))).ToArray();
        var d = Differences.Of(a, b);
        double mean = Summary.Mean(d), sd = Summary.StandardDeviation(d, mean);
        double half = StudentT.InvCDF(0, 1, d.Length - 1, (1 + level) / 2) * sd / Math.Sqrt(d.Length);
        double p = sd == 0 ? (mean == 0 ? 1.0 : double.NaN) : PairedTTest.Test(a, b).PValue;
        double mde = sd == 0 ? 0 : PairedPower.MinimumDetectableDifference(sd, d.Length, alpha, 0.8);
        return new EarlyConvergence(with, without, early, seeds, a, b, mean, mean - half, mean + half, p, mde);
    }
}

using System.Globalization;
using Ablation.Harness.Pretraining;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>
/// Estimated wall time of a grid's pending cells. Measured first: the mean "seconds" of finished cells of the same
/// design, else of all finished cells. Without any, a rough rate for <c>builtin:tiny-base</c> (docs/running.md):
/// training at <see cref="TrainingTokensPerSecond"/> tokens/s forward + backward (the tiny base's measured
/// pretraining throughput, docs/base-model.md) and <see cref="EvaluationSeconds"/> s to evaluate the built-in suite
/// (docs/evaluation.md); other base models get no estimate until a cell finishes.
/// </summary>
public static class RunEstimate
{
    public const double TrainingTokensPerSecond = 5000;
    public const double EvaluationSeconds = 35;

    /// <summary>Seconds of one cell, and how it was estimated; null when nothing is known.</summary>
    public static (double Seconds, string How)? Cell(ModelSpec spec, string design, IReadOnlyList<CellStatus> done)
    {
        var sameDesign = done.Where(c => c.Design == design && c.Seconds != null).Select(c => c.Seconds!.Value).ToList();
        if (sameDesign.Count > 0) return (sameDesign.Average(), "measured");
        var any = done.Where(c => c.Seconds != null).Select(c => c.Seconds!.Value).ToList();
        if (any.Count > 0) return (any.Average(), "measured (other designs)");
        if (!BaseModels.IsBuiltin(spec.Base.Model)) return null;  // every built-in base has the tiny architecture
        double tokens = 0;
        foreach (var stage in spec.Stages)
        {
            StageSettings settings = stage == StageKind.Contrastive ? spec.Contrastive : spec.Reconstruction;
            int query = settings.QueryMaxLength ?? spec.MaxLength, document = settings.DocMaxLength ?? spec.MaxLength;
            // Contrastive: a query, its positive and its hard negatives; reconstruction: query and document both ways.
            double perExample = stage == StageKind.Contrastive
                ? query + document * (1 + spec.Contrastive.HardNegatives)
                : 2 * (query + document);
            tokens += (double)settings.Steps * settings.Batch * settings.GradAccum * perExample;
        }
        return (tokens / TrainingTokensPerSecond + EvaluationSeconds, "rough rate");
    }

    /// <summary>"≈ 12 min" style.</summary>
    public static string Format(double seconds) => seconds switch
    {
        < 90 => string.Create(CultureInfo.InvariantCulture, $"≈ {seconds:F0} s"),
        < 600 => string.Create(CultureInfo.InvariantCulture, $"≈ {seconds / 60:F1} min"),
        < 5400 => string.Create(CultureInfo.InvariantCulture, $"≈ {seconds / 60:F0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"≈ {seconds / 3600:F1} h"),
    };
}

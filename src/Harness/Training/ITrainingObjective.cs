using Ablation.Harness.Data.Training;

namespace Ablation.Harness.Training;

/// <summary>
/// What a training stage optimises, for one batch: the stage loop (optimiser, schedule, accumulation, clipping,
/// checkpoints, metrics) is the same for every stage and calls this. Implementations run the forward pass and
/// the backward pass themselves (GradCache, for one, must control how backward is split), so gradients are
/// accumulated into the parameters' <c>.grad</c> when this returns.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>
    /// Forward and backward on <paramref name="batch"/>; the loss is multiplied by <paramref name="lossScale"/>
    /// before backward (1 / gradient-accumulation steps). <paramref name="step"/> is the 0-based optimiser step
    /// (an objective that alternates tasks uses it).
    /// </summary>
    ObjectiveResult ForwardBackward(IReadOnlyList<TrainingExample> batch, int step, double lossScale);
}

/// <summary>
/// The unscaled loss of one batch, its named parts for <c>train-metrics.csv</c> (e.g. <c>l_d2q</c>, <c>l_q2d</c>;
/// empty when the loss has one part) and the number of non-padding tokens processed (for tokens/s).
/// </summary>
public sealed record ObjectiveResult(double Loss, IReadOnlyDictionary<string, double> Parts, long Tokens);

using Ablation.Harness.Data.Training;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Training;

/// <summary>How <see cref="ModelTrainer.Train"/> reports and where it gets what the spec names.</summary>
public sealed record TrainOptions
{
    /// <summary>One line per event (also written to train.log).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Called after every optimiser step (progress bars).</summary>
    public Action<TrainStep>? OnStep { get; init; }

    /// <summary>The examples of a stage; null = read <c>data.train</c> / <c>data.reconstruction_train</c> of the spec.</summary>
    public Func<StageKind, IReadOnlyList<TrainingExample>>? Examples { get; init; }

    /// <summary>Maps <c>base.model</c> to a checkpoint folder; null = <c>BaseModels.Resolve</c> (pretrains builtin:tiny-base if needed).</summary>
    public Func<string, string>? ResolveBase { get; init; }
}

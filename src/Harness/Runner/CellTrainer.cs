using Ablation.Harness.Training;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>
/// The seam between the worker and training: trains a cell's stages into the cell folder with
/// <see cref="ModelTrainer"/> (resuming from its checkpoint/), so that the folder becomes a model folder
/// <c>ablation eval --model</c> accepts. A finished training is recognised and not repeated.
/// </summary>
public static class CellTrainer
{
    public static TrainResult Train(ModelSpec spec, CellFolder cell, Action<string> log, CancellationToken cancel) =>
        ModelTrainer.Train(spec, cell.Path, new TrainOptions { Log = log }, cancel);
}

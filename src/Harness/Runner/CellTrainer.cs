using Ablation.Harness.Cli;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>
/// The seam between the worker and training: trains a cell's stages into the cell folder
/// (resuming from its checkpoint/) so that the folder becomes a model folder <c>ablation eval --model</c> accepts.
/// </summary>
public static class CellTrainer
{
    public static void Train(ModelSpec spec, CellFolder cell, Action<string> log, CancellationToken cancel)
    {
        throw new UserInputException(
            $"{cell.ConfigFile}: stages [{string.Join(", ", spec.Stages).ToLowerInvariant()}] need training, which this build of the harness does not include yet; use \"stages\": [] to evaluate the untrained design");
    }
}

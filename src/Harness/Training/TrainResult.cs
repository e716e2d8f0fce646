namespace Ablation.Harness.Training;

/// <summary>
/// What <see cref="ModelTrainer.Train"/> did: the model folder, the spec's hash, seconds of training (over every
/// attempt) and per stage the mean loss of its first and last tenth of steps. <see cref="Reused"/> is true when the
/// folder already held this finished training. Saved as <c>train-result.json</c>, the marker of a finished run.
/// </summary>
public sealed record TrainResult
{
    public const string FileName = "train-result.json";

    public required string Folder { get; init; }
    public required string SpecHash { get; init; }
    public required double Seconds { get; init; }
    public required IReadOnlyList<StageSummary> Stages { get; init; }
    public bool Reused { get; init; }

    /// <summary>One stage: kind, steps, mean loss of the first and the last tenth of its steps.</summary>
    public sealed record StageSummary(string Stage, int Steps, double FirstLoss, double LastLoss);
}

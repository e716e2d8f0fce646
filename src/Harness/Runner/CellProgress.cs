namespace Ablation.Harness.Runner;

/// <summary>The last row of a cell's train-metrics.csv: stage, its step, and that stage's total steps (null when unknown).</summary>
public sealed record CellProgress(string Stage, int Step, int? StageSteps, int StageIndex, int StageCount)
{
    public override string ToString() =>
        $"{Stage} step {Step}/{(StageSteps?.ToString() ?? "?")}" + (StageCount > 1 ? $" (stage {StageIndex + 1}/{StageCount})" : "");
}

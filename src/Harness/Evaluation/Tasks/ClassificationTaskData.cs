namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>A training split (undersampled per experiment) and the evaluated split.</summary>
public sealed record ClassificationTaskData : TaskData
{
    public required LabelledTexts Train { get; init; }
    public required LabelledTexts Test { get; init; }
}

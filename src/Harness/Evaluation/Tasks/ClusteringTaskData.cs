namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>Texts with their gold categories; k-means uses k = number of distinct labels.</summary>
public sealed record ClusteringTaskData : TaskData
{
    public required LabelledTexts Items { get; init; }
}

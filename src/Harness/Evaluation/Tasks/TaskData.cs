namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>The loaded contents of one task; one subclass per <see cref="TaskType"/>.</summary>
public abstract record TaskData
{
    public required TaskManifest Manifest { get; init; }
}

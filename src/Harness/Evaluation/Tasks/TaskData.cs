namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>The loaded contents of one task; one subclass per <see cref="TaskType"/>.</summary>
public abstract record TaskData
{
    public required TaskManifest Manifest { get; init; }

    /// <summary>Problems found while loading that do not stop the evaluation (e.g. qrels naming unknown ids), with counts; printed and kept in metrics.json.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

namespace Ablation.Harness.Training.Spec;

/// <summary>
/// <c>contrastive</c>: InfoNCE over cosine similarities / temperature with in-batch and hard negatives
/// (paper A: τ 0.05, one hard negative; paper B: τ 0.02).
/// </summary>
public sealed record ContrastiveSettings : StageSettings
{
    // LoRA and the pooling head (when the pooling has one), as paper A trains its models 2-5; for a head without
    // parameters this is plain LoRA.
    public ContrastiveSettings() { Trainable = TrainableKind.HeadAndLora; }

    /// <summary><c>temperature</c></summary>
    public double Temperature { get; init; } = 0.05;
    /// <summary><c>hard_negatives</c>: per query.</summary>
    public int HardNegatives { get; init; } = 1;
    /// <summary><c>symmetric</c>: also the document-to-query direction.</summary>
    public bool Symmetric { get; init; }
    /// <summary><c>homogeneous_batches</c>: every batch from one source <c>dataset</c> (paper B).</summary>
    public bool HomogeneousBatches { get; init; }
}

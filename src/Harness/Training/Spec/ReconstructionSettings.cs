namespace Ablation.Harness.Training.Spec;

/// <summary>
/// <c>reconstruction</c>: paper B's stage I. Loss = w_d2q · L_D2Q + w_q2d · L_Q2D on the same batch
/// (<c>mode</c> joint, the paper's code) or one task per step in turn (<c>mode</c> alternate).
/// </summary>
public sealed record ReconstructionSettings : StageSettings
{
    public ReconstructionSettings() { Trainable = TrainableKind.Full; Lr = 4e-5; }

    /// <summary><c>w_d2q</c>: weight of EBD2Q (document embedding reconstructs the query).</summary>
    public double WD2Q { get; init; } = 0.8;
    /// <summary><c>w_q2d</c>: weight of EBQ2D (query embedding reconstructs the document).</summary>
    public double WQ2D { get; init; } = 0.2;
    /// <summary><c>mode</c></summary>
    public ReconstructionMode Mode { get; init; } = ReconstructionMode.Joint;
    /// <summary><c>soft_token_layout</c>: right-padded (correct) or the paper code's left padding.</summary>
    public SoftTokenLayout SoftTokenLayout { get; init; } = SoftTokenLayout.RightPadded;
}

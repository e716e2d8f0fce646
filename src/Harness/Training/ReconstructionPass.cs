using Ablation.Torch;

namespace Ablation.Harness.Training;

/// <summary>One forward pass of <see cref="ReconstructionObjective"/>: the weighted loss, each task's loss (null when
/// the task did not run at this step) and the real tokens processed by all encoder and decoder passes.</summary>
public sealed record ReconstructionPass(Tensor Loss, Tensor? D2Q, Tensor? Q2D, long Tokens);

namespace Ablation.Harness.Training;

/// <summary>
/// The loss or the gradient norm stopped being finite. The message names the stage and step, says which checkpoint
/// was kept, and which setting to change; the run can be resumed after changing it only by starting afresh.
/// </summary>
public sealed class TrainingDivergedException(string message) : Exception(message);

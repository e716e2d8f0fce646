namespace Ablation.Harness.Pretraining;

/// <summary>One finished training step as the progress display sees it (<see cref="Step"/> counts from 1).</summary>
public readonly record struct PretrainingStep(int Step, int TotalSteps, double Loss, double LearningRate, double TokensPerSecond);

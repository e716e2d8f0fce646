namespace Ablation.Harness.Training;

/// <summary>One finished optimiser step as a progress display sees it (<see cref="Step"/> counts from 1 within the stage).</summary>
public readonly record struct TrainStep(string Stage, int Step, int StageSteps, int DoneSteps, int TotalSteps, double Loss,
    double LearningRate, double TokensPerSecond);

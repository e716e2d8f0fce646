namespace Ablation.Harness.Training;

/// <summary>A <see cref="BatchSampler"/>'s place in the data order: the next batch is <see cref="Batch"/> of <see cref="Epoch"/>.</summary>
public sealed record SamplerPosition(int Epoch, int Batch);

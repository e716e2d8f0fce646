namespace Ablation.Torch.Optim;

/// <summary>How a <see cref="WarmupDecaySchedule"/> falls from the peak after warmup.</summary>
public enum LearningRateDecay
{
    /// <summary>Stays at the peak.</summary>
    None,

    /// <summary>Straight line from the peak to the floor at the last step.</summary>
    Linear,

    /// <summary>Half a cosine period from the peak to the floor at the last step.</summary>
    Cosine,
}

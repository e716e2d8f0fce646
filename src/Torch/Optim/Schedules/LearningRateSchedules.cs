namespace Ablation.Torch.Optim;

/// <summary>Creates learning-rate schedules by the names grid files use (transformers' scheduler names).</summary>
public static class LearningRateSchedules
{
    /// <summary>The accepted schedule names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["constant", "constant_with_warmup", "linear", "cosine"];

    /// <summary>
    /// <c>constant</c>: the peak throughout (warmup ignored, as transformers does);
    /// <c>constant_with_warmup</c>: linear warmup, then the peak;
    /// <c>linear</c> / <c>cosine</c>: warmup, then decay to <c>peakLr * minRatio</c> at <paramref name="totalSteps"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name (the message lists the valid ones) or bad settings.</exception>
    public static ILearningRateSchedule Create(string name, double peakLr, long warmupSteps, long totalSteps, double minRatio = 0.0) => name switch
    {
        "constant" => new WarmupDecaySchedule(peakLr, 0, totalSteps, minRatio, LearningRateDecay.None),
        "constant_with_warmup" => new WarmupDecaySchedule(peakLr, warmupSteps, totalSteps, minRatio, LearningRateDecay.None),
        "linear" => new WarmupDecaySchedule(peakLr, warmupSteps, totalSteps, minRatio, LearningRateDecay.Linear),
        "cosine" => new WarmupDecaySchedule(peakLr, warmupSteps, totalSteps, minRatio, LearningRateDecay.Cosine),
        _ => throw new ArgumentException($"unknown learning-rate schedule \"{name}\"; use one of: {string.Join(", ", Names)}", nameof(name)),
    };
}

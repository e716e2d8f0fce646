namespace Ablation.Torch.Optim;

/// <summary>
/// Linear warmup from 0 to <see cref="PeakLr"/> over <see cref="WarmupSteps"/>, then a linear or cosine decay
/// to <c>PeakLr * MinRatio</c> at <see cref="TotalSteps"/> (or no decay). The multipliers are transformers'
/// (<c>get_linear_schedule_with_warmup</c>, <c>get_cosine_with_min_lr_schedule_with_warmup</c> with half a
/// cycle); a non-zero floor rescales the decay as <c>f * (1 - minRatio) + minRatio</c>. Past
/// <see cref="TotalSteps"/> the rate stays at the floor, where transformers' cosine would climb again.
/// </summary>
public sealed class WarmupDecaySchedule : ILearningRateSchedule
{
    /// <summary>Creates the schedule; throws <see cref="ArgumentException"/> for inconsistent settings.</summary>
    public WarmupDecaySchedule(double peakLr, long warmupSteps, long totalSteps, double minRatio, LearningRateDecay decay)
    {
        if (!double.IsFinite(peakLr) || peakLr < 0)
            throw new ArgumentOutOfRangeException(nameof(peakLr), peakLr, "the peak learning rate must be a finite number ≥ 0");
        if (warmupSteps < 0)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warmup steps must be ≥ 0");
        if (!(minRatio >= 0 && minRatio <= 1))
            throw new ArgumentOutOfRangeException(nameof(minRatio), minRatio, "the minimum ratio must lie in [0, 1]");
        if (decay != LearningRateDecay.None && totalSteps < warmupSteps)
            throw new ArgumentException($"total steps ({totalSteps}) must be at least the warmup steps ({warmupSteps}) for a decaying schedule", nameof(totalSteps));
        PeakLr = peakLr;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        MinRatio = minRatio;
        Decay = decay;
    }

    public double PeakLr { get; }
    public long WarmupSteps { get; }
    public long TotalSteps { get; }
    public double MinRatio { get; }
    public LearningRateDecay Decay { get; }

    /// <inheritdoc/>
    public double LearningRate(long step) => PeakLr * Multiplier(step);

    /// <summary>The factor applied to the peak learning rate at <paramref name="step"/>.</summary>
    public double Multiplier(long step)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, "the step must be ≥ 0");
        if (step < WarmupSteps)
            return (double)step / Math.Max(1, WarmupSteps);
        if (Decay == LearningRateDecay.None)
            return 1.0;
        long span = Math.Max(1, TotalSteps - WarmupSteps);
        // transformers' own expressions, so values agree to the last bit where they are defined.
        double factor = Decay == LearningRateDecay.Linear
            ? Math.Max(0.0, (double)(TotalSteps - step) / span)
            : 0.5 * (1.0 + Math.Cos(Math.PI * Math.Min(1.0, (double)(step - WarmupSteps) / span)));
        return Math.Max(0.0, factor * (1.0 - MinRatio) + MinRatio);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Decay} schedule: peak {PeakLr:G4}, warmup {WarmupSteps}, total {TotalSteps}, floor {MinRatio:G4}×peak";
}

namespace Ablation.Stats.Resampling;

/// <summary>Settings shared by the bootstrap methods.</summary>
public sealed record BootstrapOptions
{
    /// <summary>Number of bootstrap resamples B.</summary>
    public int Resamples { get; init; } = 9999;

    /// <summary>Confidence level of the intervals.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>Seed of the xoshiro256** generator; the same seed gives the same replicates.</summary>
    public ulong Seed { get; init; } = 0;

    /// <summary>Alternative for the bootstrap p-value.</summary>
    public Alternative Alternative { get; init; } = Alternative.TwoSided;

    /// <summary>Whether to compute the BCa interval (needs a jackknife).</summary>
    public bool ComputeBCa { get; init; } = true;

    internal void Validate()
    {
        if (Resamples < 2) throw new ArgumentException($"the bootstrap needs at least 2 resamples; got {Resamples}");
        if (!(Level > 0 && Level < 1)) throw new ArgumentException($"confidence level must lie in (0, 1); got {Level}");
    }
}

using Ablation.Stats.PairedTests;

namespace Ablation.Stats;

/// <summary>The paired tests <see cref="PairedComparison"/> can run.</summary>
[Flags]
public enum PairedTestKind
{
    None = 0,
    T = 1,
    Wilcoxon = 2,
    Sign = 4,
    Permutation = 8,
    Bootstrap = 16,
    All = T | Wilcoxon | Sign | Permutation | Bootstrap,
}

/// <summary>Settings of <see cref="PairedComparison.Compare"/>; defaults are the report's defaults.</summary>
public sealed record PairedComparisonOptions
{
    public PairedTestKind Tests { get; init; } = PairedTestKind.All;
    public Alternative Alternative { get; init; } = Alternative.TwoSided;
    public ZeroMethod ZeroMethod { get; init; } = ZeroMethod.Wilcox;

    /// <summary>Continuity correction for Wilcoxon's normal approximation (scipy's default is off).</summary>
    public bool WilcoxonCorrection { get; init; }

    /// <summary>Resamples for the bootstrap and the Monte Carlo permutation test.</summary>
    public int Resamples { get; init; } = 9999;

    public ulong Seed { get; init; }

    /// <summary>Confidence level of the interval of the mean difference.</summary>
    public double Level { get; init; } = 0.95;

    /// <summary>Exact permutation enumeration up to this many pairs (2ⁿ patterns), Monte Carlo above.</summary>
    public int PermutationExactMaxN { get; init; } = 20;
}

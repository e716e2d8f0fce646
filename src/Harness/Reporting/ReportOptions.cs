using Ablation.Stats.MultipleComparisons;

namespace Ablation.Harness.Reporting;

/// <summary>What <c>ablation report</c> computes: the baseline, which pairs, the correction over the family, and the resampling settings.</summary>
public sealed record ReportOptions
{
    /// <summary>Baseline design; null takes grid.json's baseline.</summary>
    public string? Baseline { get; init; }

    /// <summary>Compare every pair of designs, not only each design with the baseline.</summary>
    public bool AllPairs { get; init; }

    public AdjustmentMethod Correction { get; init; } = AdjustmentMethod.Holm;

    public double Alpha { get; init; } = 0.05;

    /// <summary>Bootstrap resamples per comparison (and per design score interval).</summary>
    public int Resamples { get; init; } = 9999;

    /// <summary>
    /// Resamples for each design's score interval (descriptive, no p-value depends on it): fewer than the
    /// comparisons' by default, capped at <see cref="Resamples"/>.
    /// </summary>
    public int ScoreResamples { get; init; } = 2000;

    public ulong Seed { get; init; }

    public double Level { get; init; } = 0.95;

    /// <summary>Worker threads for the bootstrap (0 = all cores).</summary>
    public int Threads { get; init; }
}

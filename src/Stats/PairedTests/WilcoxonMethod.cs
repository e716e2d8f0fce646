namespace Ablation.Stats.PairedTests;

/// <summary>How the Wilcoxon p-value is computed.</summary>
public enum WilcoxonMethod
{
    /// <summary>Exact for n ≤ 50 with no zeros and no ties, normal approximation otherwise.</summary>
    Auto,

    /// <summary>The exact null distribution; falls back to the approximation when zeros or ties make it invalid.</summary>
    Exact,

    /// <summary>Normal approximation with tie correction (and continuity correction if asked).</summary>
    Approx,
}

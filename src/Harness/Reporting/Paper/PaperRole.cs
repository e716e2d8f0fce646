namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// A model of one of the two papers (paper A's Models 1–5, paper B's stage ablations), defined by the settings a
/// design must have to play it (<see cref="Matches"/>), with the words the paper's tables use for it.
/// </summary>
public sealed record PaperRole(string Key, string Label, string Requirement, Func<DesignTraits, bool> Matches)
{
    /// <summary>When several designs match, the one this prefers (paper B's 0.8 / 0.2 weighting), else none.</summary>
    public Func<DesignTraits, bool>? Preferred { get; init; }

    /// <summary>Paper A: pooling name as in the paper's table.</summary>
    public string? PoolingLabel { get; init; }

    /// <summary>Paper A: attention as in the paper's table.</summary>
    public string? AttentionLabel { get; init; }
}

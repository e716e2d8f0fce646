namespace Ablation.Harness.Runner;

/// <summary>The options of <c>ablation run</c>.</summary>
public sealed record RunRequest
{
    /// <summary>Results folder; null = results/&lt;grid name&gt;.</summary>
    public string? Out { get; init; }
    public int Workers { get; init; } = 1;
    public bool DryRun { get; init; }
    public bool RetryFailed { get; init; }
}

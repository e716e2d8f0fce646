namespace Ablation.Harness.Reporting;

/// <summary>
/// What metrics.json says about one task (identical in every done cell): its type, main score, the unit one row
/// of its scores file stands for, and whether the main score is the mean of a per-item column (decomposable).
/// </summary>
public sealed record TaskInfo(string Name, string Type, string MainScore, string Unit, string ScoresFile, bool Decomposable)
{
    /// <summary>The report category of the task type (paper A's table groups tasks by it).</summary>
    public string Category => ReportCategories.Of(Type);
}

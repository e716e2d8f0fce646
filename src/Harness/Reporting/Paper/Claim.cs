namespace Ablation.Harness.Reporting.Paper;

/// <summary>What a claim expects of one comparison a − b.</summary>
public enum Expectation
{
    /// <summary>a is significantly better than b.</summary>
    Better,
    /// <summary>a is not significantly better than b (paper A: "do not significantly beat"; worse is consistent).</summary>
    NotBetter,
}

/// <summary>One comparison a claim rests on: design roles, a category (or <see cref="PaperContext.AllTasks"/>), what is expected.</summary>
public sealed record ClaimTest(string A, string B, string Category, Expectation Expected);

/// <summary>
/// A headline claim of a paper (papers.md A6, B6) and the comparisons that test it. A claim with
/// <see cref="NeedsOtherBase"/> cannot be tested within one results folder; one with <see cref="Convergence"/> is
/// tested on the training loss (<see cref="EarlyConvergence"/>).
/// </summary>
public sealed record Claim(string Id, string Source, string Statement, IReadOnlyList<ClaimTest> Tests)
{
    public bool NeedsOtherBase { get; init; }
    public bool Convergence { get; init; }
}

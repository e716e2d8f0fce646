namespace Ablation.Harness.Reporting.Paper;

/// <summary>The three verdicts on a claim or one of its comparisons, and how a comparison earns one.</summary>
public static class ClaimVerdict
{
    public const string Replicates = "replicates";
    public const string Contradicted = "contradicted";
    public const string NotDetectable = "not detectable at this scale";
    public const string NotTested = "not tested";

    /// <summary>
    /// Better: significantly better replicates, significantly worse contradicts, anything else is not detectable.
    /// NotBetter: significantly better contradicts; otherwise it replicates (a gain below the MDE could still be missed).
    /// </summary>
    public static string Judge(bool significant, double difference, Expectation expected) => expected switch
    {
        Expectation.Better when significant && difference > 0 => Replicates,
        Expectation.Better when significant && difference < 0 => Contradicted,
        Expectation.Better => NotDetectable,
        _ when significant && difference > 0 => Contradicted,
        _ => Replicates,
    };

    /// <summary>A claim's verdict from its comparisons': any contradiction contradicts; all replicating replicates; else not detectable.</summary>
    public static string Combine(IReadOnlyList<string> verdicts) =>
        verdicts.Count == 0 ? NotTested
        : verdicts.Contains(Contradicted) ? Contradicted
        : verdicts.All(v => v == Replicates) ? Replicates
        : NotDetectable;
}

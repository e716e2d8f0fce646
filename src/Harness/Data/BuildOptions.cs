namespace Ablation.Harness.Data;

/// <summary>
/// Knobs of a built-in data build. <see cref="Full"/> is the recipe behind <c>builtin:default</c>;
/// <see cref="Reduced"/> keeps every task and rule but smaller (a quarter of the items, no GCIDE), for tests.
/// </summary>
public sealed record BuildOptions(double SizeScale, bool IncludeGcide)
{
    public static BuildOptions Full { get; } = new(1.0, IncludeGcide: true);

    public static BuildOptions Reduced { get; } = new(0.25, IncludeGcide: false);

    /// <summary>
    /// Share of source items (synsets, FOLDOC articles) kept at all, chosen by hash; 1 for real builds. Tests use a
    /// small share so that a whole build takes seconds while every rule still applies.
    /// </summary>
    public double SourceFraction { get; init; } = 1.0;

    /// <summary>Share of WordNet synsets (per lexicographer file) held out for evaluation.</summary>
    public double WordNetEvalFraction => 0.2;

    /// <summary>Share of FOLDOC terms (per first category) held out for evaluation.</summary>
    public double FoldocEvalFraction => 0.3;

    /// <summary>Share of pretraining documents kept aside as held-out text for perplexity.</summary>
    public double PretrainingHeldOutFraction => 0.02;

    /// <summary>A task size scaled by <see cref="SizeScale"/> (never below 1).</summary>
    public int Scaled(int fullSize) => Math.Max(1, (int)Math.Round(fullSize * SizeScale));
}

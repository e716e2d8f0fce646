namespace Ablation.Harness.Analysis;

/// <summary>
/// The options of one <c>ablation analyze layers</c> run. <see cref="Out"/> null means
/// <c>results/analysis/&lt;model name&gt;-layers</c>; <see cref="Tasks"/> empty means every task of the suite.
/// </summary>
public sealed record LayerAnalysisRequest(string Model, string Suite, string? Out = null, int Sample = 512, int MaxLength = 128,
    int Seed = 1, int BatchSize = 16, IReadOnlyList<string>? Tasks = null, bool SkipEvaluation = false);

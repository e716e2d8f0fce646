namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>A retrieved document with its score.</summary>
public readonly record struct ScoredDocument(string DocumentId, double Score);

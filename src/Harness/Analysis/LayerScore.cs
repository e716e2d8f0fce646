namespace Ablation.Harness.Analysis;

/// <summary>One row of <c>per-layer-scores.csv</c>: the main score of one task for embeddings from one layer.</summary>
public sealed record LayerScore(int Layer, string Pooling, string Task, string Category, string Metric, double MainScore);

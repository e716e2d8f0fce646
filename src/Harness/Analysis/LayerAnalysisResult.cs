namespace Ablation.Harness.Analysis;

/// <summary>What one layer analysis computed and where it wrote it.</summary>
public sealed record LayerAnalysisResult
{
    public required string OutFolder { get; init; }
    /// <summary>Hidden states per text: L layers + the embedding output.</summary>
    public required int States { get; init; }
    public required int Dimension { get; init; }
    /// <summary>Texts in the similarity sample, and the real tokens they hold.</summary>
    public required int SampleSize { get; init; }
    public required long SampleTokens { get; init; }
    /// <summary>Pooling → linear CKA [layer, layer].</summary>
    public required IReadOnlyDictionary<string, double[,]> Cka { get; init; }
    /// <summary>Variant (eos_last, mean, tokens) → mean cosine [layer, layer].</summary>
    public required IReadOnlyDictionary<string, double[,]> Cosine { get; init; }
    public required IReadOnlyList<LayerScore> Scores { get; init; }
    /// <summary>Floats the similarity accumulator kept (fixed by sample size, layers and width).</summary>
    public required long SimilarityKeptFloats { get; init; }
    /// <summary>Largest number of floats the per-layer evaluation held in memory at once (one batch of all layers).</summary>
    public required long EvaluationPeakFloats { get; init; }
    public required IReadOnlyList<string> Files { get; init; }
}

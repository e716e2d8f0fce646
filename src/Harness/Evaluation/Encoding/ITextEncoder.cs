namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// Anything that turns texts into embeddings: the trained LLM embedding model, or the model-free
/// <see cref="BowHashEncoder"/>. Evaluation depends only on this interface.
/// </summary>
public interface ITextEncoder
{
    /// <summary>Identifies the model and its weights; part of the embedding-cache key, so it must change when they do.</summary>
    string ModelId { get; }

    /// <summary>Embedding width.</summary>
    int Dimension { get; }

    /// <summary>Preferred number of texts per <see cref="Encode"/> call.</summary>
    int BatchSize => 32;

    /// <summary>
    /// Embeds <paramref name="texts"/> (one row each, same order), L2-normalised. <paramref name="instruction"/> is
    /// the task instruction for this side (null for none); how it is applied (e.g. E5's "Instruct: …\nQuery: ")
    /// is the encoder's business.
    /// </summary>
    EmbeddingMatrix Encode(IReadOnlyList<string> texts, EncodeKind kind, string? instruction);
}

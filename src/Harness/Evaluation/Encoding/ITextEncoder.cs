using Ablation.Models;

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

    /// <summary>Texts cut to the model's context so far (0 for encoders without a limit); callers warn with the count.</summary>
    long TruncatedTexts => 0;

    /// <summary>The longest input in tokens, or null when there is no limit.</summary>
    int? MaxTokens => null;

    /// <summary>
    /// Embeds <paramref name="texts"/> (one row each, same order), L2-normalised. <paramref name="instruction"/> is
    /// the task instruction for this side (null for none); how it is applied (e.g. E5's "Instruct: …\nQuery: ")
    /// is the encoder's business.
    /// </summary>
    EmbeddingMatrix Encode(IReadOnlyList<string> texts, TextKind kind, string? instruction);
}

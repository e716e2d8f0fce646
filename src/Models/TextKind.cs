namespace Ablation.Models;

/// <summary>What a text is to the embedding model: instructions go on queries only by default.</summary>
public enum TextKind
{
    /// <summary>A query, or a text of a symmetric task (STS, classification, clustering).</summary>
    Query,

    /// <summary>A retrieval corpus document.</summary>
    Document,
}

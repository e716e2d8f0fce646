using Ablation.Models.Decoders;
using Ablation.Torch;

namespace Ablation.Models;

/// <summary>Choices made when an <see cref="EmbeddingModel"/> is loaded; null keeps the saved (or default) value.</summary>
public sealed record EmbeddingLoadOptions
{
    /// <summary>Attention mode; default: the trained model's, else causal.</summary>
    public AttentionMode? Attention { get; init; }

    /// <summary>Pooling head name; default: the trained model's, else eos_last. A trained model's head cannot be swapped.</summary>
    public string? Pooling { get; init; }

    /// <summary>Instruction for queries; default: the trained model's, else none.</summary>
    public string? QueryInstruction { get; init; }

    public int MaxLength { get; init; } = 512;

    public int BatchSize { get; init; } = 16;

    /// <summary>Weight dtype; null = as stored.</summary>
    public ScalarType? Dtype { get; init; }

    /// <summary>Maps a trained model's base reference (e.g. <c>builtin:tiny-base</c>) to a checkpoint folder;
    /// default: the reference is a path (relative ones against the trained model's folder).</summary>
    public Func<string, string?>? ResolveBase { get; init; }

    /// <summary>Reads a trained model's embedding_config.json (the harness passes its strict settings reader, whose
    /// errors name line and column); default: <see cref="EmbeddingModelConfig.Load"/>.</summary>
    public Func<string, EmbeddingModelConfig>? ReadConfig { get; init; }
}

using Ablation.Harness.Evaluation.Encoding;
using Ablation.Models;

namespace Ablation.Harness.Analysis;

/// <summary>
/// One hidden layer and pooling of a <see cref="LayerEmbeddingStore"/> seen as an ordinary encoder, so the
/// evaluation code behind <c>ablation eval</c> (tasks, evaluators, main scores) scores it unchanged.
/// </summary>
public sealed class LayerEncoder(LayerEmbeddingStore store, string pooling, int layer, string modelId, int batchSize) : ITextEncoder
{
    public string ModelId { get; } = $"{modelId}#layer={layer},pooling={pooling}";

    public int Dimension => store.Dimension;

    public int BatchSize { get; } = batchSize;

    public string Pooling => pooling;

    public int Layer => layer;

    public EmbeddingMatrix Encode(IReadOnlyList<string> texts, TextKind kind, string? instruction) =>
        store.Get(texts, kind, instruction, pooling, layer);
}

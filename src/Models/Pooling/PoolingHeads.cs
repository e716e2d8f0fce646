using Ablation.Models.Decoders;
using Ablation.Torch;

namespace Ablation.Models.Pooling;

/// <summary>
/// Everything that defines a pooling head apart from its trained weights, as stored in a trained model's config.
/// Null choices take the paper's default for the attention mode: the last token under causal attention, all
/// tokens (masked) or the per-layer mean under bidirectional attention.
/// </summary>
public sealed record PoolingSpec
{
    public required string Name { get; init; }
    public PoolingHeadConfig? Head { get; init; }
    public LastLayerInput? LastLayerInput { get; init; }
    public LayerSummary? LayerSummary { get; init; }
    public bool ExcludeInstruction { get; init; }
}

/// <summary>Creates pooling heads by name.</summary>
public static class PoolingHeads
{
    /// <summary>Every head name, in the order the issue lists them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["eos_last", "mean", "last_layer_trainable", "multi_layer_trainable", "latent_attention"];

    /// <summary>True for the heads that have parameters (and so need training or a saved head).</summary>
    public static bool IsTrainable(string name) => name is "last_layer_trainable" or "multi_layer_trainable" or "latent_attention";

    /// <summary>Builds the head <paramref name="spec"/> names for a decoder of the given size.</summary>
    public static IPoolingHead Create(PoolingSpec spec, int hidden, int layers, AttentionMode attention, Generator init,
        ScalarType dtype = ScalarType.Float32)
    {
        var head = spec.Head ?? PoolingHeadConfig.Small(hidden);
        return spec.Name switch
        {
            "eos_last" => new EosLastPooling(),
            "mean" => new MeanPooling(spec.ExcludeInstruction),
            "last_layer_trainable" => new LastLayerTrainablePooling(hidden, head,
                spec.LastLayerInput ?? (attention == AttentionMode.Causal ? LastLayerInput.LastToken : LastLayerInput.AllTokens), init, dtype),
            "multi_layer_trainable" => new MultiLayerTrainablePooling(hidden, layers, head,
                spec.LayerSummary ?? (attention == AttentionMode.Causal ? LayerSummary.LastToken : LayerSummary.Mean), init, dtype),
            "latent_attention" => new LatentAttentionPooling(hidden, spec.Head ?? PoolingHeadConfig.Small(hidden), init, dtype),
            _ => throw new ArgumentException($"unknown pooling '{spec.Name}'; choose one of {string.Join(", ", Names)}"),
        };
    }
}

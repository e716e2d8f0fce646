using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Pooling;

/// <summary>How <see cref="MultiLayerTrainablePooling"/> summarises each layer.</summary>
public enum LayerSummary
{
    /// <summary>The last real token of each layer (the paper's causal Model 3).</summary>
    LastToken,

    /// <summary>The masked mean over real tokens of each layer (the paper's bidirectional Model 5).</summary>
    Mean,
}

/// <summary>
/// <c>multi_layer_trainable</c>: Tang &amp; Yang's multi-layer head. For every decoder layer ℓ = 1..L (hidden
/// states 1..L; the embedding output is excluded, layer L is post-final-norm) take one vector (last token or
/// masked mean), add a learned layer embedding (<c>layer_embedding.weight</c> [L, hidden], added, not
/// multiplied), then the same latent cross-attention block as <see cref="LastLayerTrainablePooling"/> with the L
/// vectors as keys/values, mean over latents, L2 normalisation.
/// </summary>
public sealed class MultiLayerTrainablePooling : IPoolingHead
{
    public MultiLayerTrainablePooling(int hidden, int layers, PoolingHeadConfig config, LayerSummary summary, Generator init, ScalarType dtype = ScalarType.Float32)
    {
        Summary = summary;
        Layers = layers;
        Block = new LatentBlock(hidden, config, init, layers, dtype);
    }

    public LayerSummary Summary { get; }

    public int Layers { get; }

    public LatentBlock Block { get; }

    public string Name => "multi_layer_trainable";

    public Module? Module => Block;

    public Tensor Pool(PoolingInput input, bool normalize = true)
    {
        if (input.NumLayers != Layers)
            throw new ArgumentException($"the head was built for {Layers} layers but got {input.NumLayers} (+ embeddings)");
        var index = Summary == LayerSummary.LastToken ? PoolingOps.LastTokenIndex(input.AttentionMask) : null;
        var perLayer = new List<Tensor>(Layers);
        for (var l = 1; l <= Layers; l++)
            perLayer.Add(index is null
                ? PoolingOps.MaskedMean(input.HiddenStates[l], input.AttentionMask)
                : PoolingOps.Gather(input.HiddenStates[l], index));
        var x = torch.stack(perLayer, 1).add(Block.LayerEmbedding!.weight.unsqueeze(0));   // [B, L, hidden]
        var e = Block.Resample(x, null);
        return normalize ? PoolingOps.L2Normalize(e) : e;
    }
}

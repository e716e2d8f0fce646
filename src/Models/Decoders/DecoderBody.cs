using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Decoders;

/// <summary>The transformer body, registered as <c>model</c>: <c>embed_tokens</c>, <c>layers.N</c>, <c>norm</c>.</summary>
public sealed class DecoderBody : Module
{
    public DecoderBody(DecoderConfig c, ScalarType dtype)
    {
        EmbedTokens = new Embedding(c.VocabSize, c.HiddenSize, dtype: dtype);
        Layers = new ModuleList<DecoderLayer>();
        for (var i = 0; i < c.NumHiddenLayers; i++) Layers.Add(new DecoderLayer(c, dtype));
        Norm = new RmsNorm(c.HiddenSize, c.RmsNormEps, dtype);
        register_module("embed_tokens", EmbedTokens);
        register_module("layers", Layers);
        register_module("norm", Norm);
    }

    public Embedding EmbedTokens { get; }
    public ModuleList<DecoderLayer> Layers { get; }
    public RmsNorm Norm { get; }

    public DecoderLayer Layer(int i) => Layers[i];
}

using Ablation.Models.Lora;
using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Decoders;

/// <summary>
/// A Llama-family decoder LLM (Llama 2/3.x, Mistral, Qwen2/2.5) with Hugging Face parameter names:
/// <c>model.embed_tokens.weight</c>, <c>model.layers.N.self_attn.{q,k,v,o}_proj.{weight,bias}</c>,
/// <c>model.layers.N.mlp.{gate,up,down}_proj.weight</c>, <c>model.layers.N.{input,post_attention}_layernorm.weight</c>,
/// <c>model.norm.weight</c> and <c>lm_head.weight</c> (absent when the embeddings are tied).
/// </summary>
/// <remarks>
/// One forward pass returns every hidden state (<see cref="DecoderOutput"/>: index 0 embeddings, index L after the
/// final norm). The attention mode is chosen per call. Position ids are cumsum(attention_mask) − 1, so left- and
/// right-padded batches give real tokens the same positions and the same states. Each query may attend to
/// itself even when it is padding, which keeps padded rows finite; their values are meaningless.
/// </remarks>
public sealed class LlamaDecoder : Module
{
    private readonly RotaryEmbedding _rope;

    public LlamaDecoder(DecoderConfig config, ScalarType dtype = ScalarType.Float32)
    {
        Config = config;
        Dtype = dtype;
        Model = new DecoderBody(config, dtype);
        register_module("model", Model);
        if (!config.TieWordEmbeddings)
        {
            LmHead = new LoraLinear(config.HiddenSize, config.VocabSize, false, dtype);
            register_module("lm_head", LmHead);
        }
        _rope = new RotaryEmbedding(config);
    }

    public DecoderConfig Config { get; }
    public ScalarType Dtype { get; private set; }
    public DecoderBody Model { get; }

    /// <summary>The output projection, or null when it is tied to the input embeddings.</summary>
    public LoraLinear? LmHead { get; }

    public int NumLayers => Config.NumHiddenLayers;

    /// <summary>Every projection of every layer, keyed by its full HF name (e.g. <c>model.layers.0.self_attn.q_proj</c>).</summary>
    public IEnumerable<(string Name, LoraLinear Layer)> Projections()
    {
        for (var i = 0; i < NumLayers; i++)
        {
            var l = Model.Layer(i);
            var p = $"model.layers.{i}.";
            yield return (p + "self_attn.q_proj", l.SelfAttn.QProj);
            yield return (p + "self_attn.k_proj", l.SelfAttn.KProj);
            yield return (p + "self_attn.v_proj", l.SelfAttn.VProj);
            yield return (p + "self_attn.o_proj", l.SelfAttn.OProj);
            yield return (p + "mlp.gate_proj", l.Mlp.GateProj);
            yield return (p + "mlp.up_proj", l.Mlp.UpProj);
            yield return (p + "mlp.down_proj", l.Mlp.DownProj);
        }
    }

    /// <summary>Token embeddings [B, T, hidden] of int64 ids [B, T].</summary>
    public Tensor Embed(Tensor inputIds) => Model.EmbedTokens.forward(inputIds);

    /// <summary>Runs the decoder on token ids.</summary>
    /// <param name="inputIds">int64 [B, T]</param>
    /// <param name="attentionMask">[B, T], 1 for real tokens and 0 for padding (any integer or bool type)</param>
    /// <param name="mode">causal or bidirectional (padding-only) attention</param>
    /// <param name="logits">also compute the LM logits [B, T, vocab]</param>
    public DecoderOutput Forward(Tensor inputIds, Tensor attentionMask, AttentionMode mode, bool logits = false) =>
        ForwardEmbeddings(Embed(inputIds), attentionMask, mode, logits);

    /// <summary>Runs the decoder on input embeddings (e.g. a soft token followed by token embeddings).</summary>
    public DecoderOutput ForwardEmbeddings(Tensor inputsEmbeds, Tensor attentionMask, AttentionMode mode, bool logits = false)
    {
        var mask = attentionMask.to(ScalarType.Int64);
        var positions = mask.cumsum(1).sub(1).clamp_min(0);
        var (cos, sin) = _rope.CosSin(positions, inputsEmbeds.dtype);
        var allowed = AttentionMask(mask, mode);
        var h = inputsEmbeds;
        var states = new List<Tensor>(NumLayers + 1) { h };
        for (var i = 0; i < NumLayers; i++)
        {
            h = Model.Layer(i).forward(h, cos, sin, allowed);
            if (i < NumLayers - 1) states.Add(h);
        }
        h = Model.Norm.forward(h);
        states.Add(h);
        Tensor? output = null;
        if (logits)
            output = LmHead is null
                ? torch.nn.functional.linear(h, Model.EmbedTokens.weight)
                : LmHead.forward(h);
        return new DecoderOutput(states, output);
    }

    /// <summary>
    /// bool [B, 1, T, T], true where query i may attend to key j: key j is real (and j ≤ i under causal
    /// attention), or j = i.
    /// </summary>
    public static Tensor AttentionMask(Tensor mask, AttentionMode mode)
    {
        long b = mask.shape[0], t = mask.shape[1];
        var keys = mask.ne(0).view(b, 1, 1, t).expand(b, 1, t, t);
        var eye = torch.eye(t, ScalarType.Bool, mask.device);
        if (mode == AttentionMode.Causal)
        {
            var lower = torch.ones([t, t], ScalarType.Bool, mask.device).tril();
            keys = keys.logical_and(lower);
        }
        return keys.logical_or(eye);
    }

    /// <summary>Wraps the chosen projections with fresh LoRA adapters and freezes everything else.</summary>
    public void ApplyLora(LoraConfig config, Generator init, Generator? dropout = null)
    {
        config.Validate();
        foreach (var p in parameters()) p.requires_grad_(false);
        foreach (var (name, layer) in Projections())
            if (config.TargetModules.Contains(name[(name.LastIndexOf('.') + 1)..]))
                layer.AddAdapter(config, init, dropout);
    }

    /// <summary>Folds every adapter into its base weight.</summary>
    public void MergeLora()
    {
        foreach (var (_, layer) in Projections()) layer.Merge();
    }
}

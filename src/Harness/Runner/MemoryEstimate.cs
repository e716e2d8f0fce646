using System.Globalization;
using Ablation.Harness.Pretraining;
using Ablation.Harness.Training.Spec;
using Ablation.Models.Decoders;
using Ablation.Models.Pooling;

namespace Ablation.Harness.Runner;

/// <summary>
/// A rough peak-memory estimate of one cell, printed by <c>ablation run --dry-run</c> so a researcher can size a
/// machine or Slurm's <c>--mem</c> before anything runs: weights in the base's dtype, gradients and AdamW's two
/// moments for what a stage trains, and the activations of one encoding pass (the mini-batch under GradCache)
/// by Korthikanti et al.'s per-layer count (34·h + 5·a·s elements per token, no recomputation), plus the
/// attention scores libtorch 1.13's SDPA keeps. The architecture comes from the checkpoint's config.json, the
/// built-in recipe, or — when the path is a placeholder — a table of the papers' base models matched by name.
/// </summary>
public static class MemoryEstimate
{
    /// <summary>Architecture numbers the estimate needs.</summary>
    public sealed record Architecture(string Source, int Vocab, int Hidden, int Intermediate, int Layers, int Heads, int KvHeads, bool Tied,
        bool QkvBias = false)
    {
        public int HeadDim => Hidden / Heads;

        /// <summary>Parameters of the decoder (embeddings, attention, MLP, norms, output head unless tied).</summary>
        public double Parameters =>
            (double)Vocab * Hidden * (Tied ? 1 : 2)
            + Layers * ((double)Hidden * Heads * HeadDim * 2 + (double)Hidden * KvHeads * HeadDim * 2 + 3.0 * Hidden * Intermediate + 2.0 * Hidden
                        + (QkvBias ? (Heads + 2.0 * KvHeads) * HeadDim : 0))
            + Hidden;
    }

    // Hugging Face config.json values of the papers' base models (papers.md A1, B2), for placeholder paths.
    private static readonly (string Match, Architecture Arch)[] Known =
    [
        ("mistral-7b", new("Mistral-7B-v0.1 (known architecture)", 32000, 4096, 14336, 32, 32, 8, false)),
        ("qwen2-0.5b", new("Qwen2-0.5B (known architecture)", 151936, 896, 4864, 24, 14, 2, true, QkvBias: true)),
        ("qwen2.5-1.5b", new("Qwen2.5-1.5B (known architecture)", 151936, 1536, 8960, 28, 12, 2, true, QkvBias: true)),
        ("llama-3.2-1b", new("Llama-3.2-1B (known architecture)", 128256, 2048, 8192, 16, 32, 8, true)),
        ("llama-3.2-3b", new("Llama-3.2-3B (known architecture)", 128256, 3072, 8192, 28, 24, 8, true)),
        ("llama-3.1-8b", new("Llama-3.1-8B (known architecture)", 128256, 4096, 14336, 32, 32, 8, false)),
    ];

    /// <summary>The architecture of <paramref name="baseModel"/>, or null when nothing tells it.</summary>
    public static Architecture? Find(string baseModel)
    {
        if (BaseModels.IsBuiltin(baseModel))
        {
            var r = BaseModels.Recipe(baseModel);
            return new($"{baseModel} recipe", r.VocabSize, r.HiddenSize, r.IntermediateSize, r.NumHiddenLayers,
                r.NumAttentionHeads, r.NumKeyValueHeads, r.TieWordEmbeddings);
        }
        var config = Path.Combine(baseModel, "config.json");
        if (File.Exists(config))
        {
            var c = DecoderConfig.Load(config);
            return new($"{config}", c.VocabSize, c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads,
                c.NumKeyValueHeads, c.TieWordEmbeddings, c.AttentionQkvBias);
        }
        var name = Path.GetFileName(baseModel.TrimEnd('/')).ToLowerInvariant();
        foreach (var (match, arch) in Known)
            if (name.Contains(match, StringComparison.Ordinal)) return arch;
        return null;
    }

    /// <summary>Peak bytes of the cell and a one-line breakdown; null when the architecture is unknown.</summary>
    public static (double Bytes, string How)? Cell(ModelSpec spec)
    {
        var arch = Find(spec.Base.Model);
        if (arch is null) return null;
        double weightBytes = spec.Base.DType == DTypeKind.Bfloat16 ? 2 : 4;
        double weights = arch.Parameters * weightBytes;
        double head = HeadParameters(spec, arch) * weightBytes;
        double peak = 0;
        string detail = "";
        foreach (var stage in spec.Stages)
        {
            StageSettings s = stage == StageKind.Contrastive ? spec.Contrastive : spec.Reconstruction;
            double trainable = s.Trainable switch
            {
                TrainableKind.Full => arch.Parameters + HeadParameters(spec, arch),
                TrainableKind.Head => HeadParameters(spec, arch),
                TrainableKind.HeadAndLora => LoraParameters(spec, arch) + HeadParameters(spec, arch),
                _ => LoraParameters(spec, arch),
            };
            double optimizer = trainable * weightBytes * 3; // gradient + AdamW's two moments, in the parameters' dtype
            int texts = stage == StageKind.Contrastive
                ? (s.MiniBatch ?? s.Batch) * (2 + spec.Contrastive.HardNegatives)
                : (s.MiniBatch ?? s.Batch) * 4;             // q and d encoded, then both decoded with the soft token
            int seq = Math.Max(s.QueryMaxLength ?? spec.MaxLength, s.DocMaxLength ?? spec.MaxLength) + 1;
            double perTokenPerLayer = 34.0 * arch.Hidden + 5.0 * arch.Heads * seq;
            double activations = (double)texts * seq * arch.Layers * perTokenPerLayer * weightBytes / 2;
            if (stage == StageKind.Reconstruction) activations += (double)texts / 2 * seq * arch.Vocab * 4 * 2; // logits + their gradient, float32
            double total = weights + head + optimizer + activations;
            if (total > peak)
            {
                peak = total;
                detail = string.Create(CultureInfo.InvariantCulture,
                    $"{EnumName(stage)}: weights {Gib(weights + head)}, gradients + AdamW {Gib(optimizer)} for {Millions(trainable)} trained parameters, activations {Gib(activations)} for {texts} texts × {seq} tokens");
            }
        }
        if (spec.Stages.Count == 0) { peak = weights + head; detail = $"weights {Gib(weights)} (no training)"; }
        return (peak, $"{Millions(arch.Parameters)} parameters ({arch.Source}); {detail}");
    }

    private static double LoraParameters(ModelSpec spec, Architecture a)
    {
        double perLayer = 0;
        foreach (var t in spec.Lora.Targets)
        {
            (double input, double output) = t switch
            {
                "q_proj" => (a.Hidden, a.Heads * a.HeadDim),
                "k_proj" or "v_proj" => (a.Hidden, a.KvHeads * a.HeadDim),
                "o_proj" => (a.Heads * a.HeadDim, a.Hidden),
                "gate_proj" or "up_proj" => (a.Hidden, a.Intermediate),
                _ => (a.Intermediate, a.Hidden),
            };
            perLayer += spec.Lora.R * (input + output);
        }
        return perLayer * a.Layers;
    }

    private static double HeadParameters(ModelSpec spec, Architecture a)
    {
        if (!PoolingHeads.IsTrainable(spec.Pooling)) return 0;
        var h = spec.PoolingHead;
        double latents = h?.NumLatents ?? 16, heads = h?.NumHeads ?? 4, headDim = h?.HeadDim ?? a.Hidden / Math.Max(1, (int)heads), ffn = h?.FfnMult ?? 2;
        double inner = heads * headDim;
        // latents; Q, K, V, O projections; GEGLU feed-forward (h -> 2·ffn·h -> h); layer embedding for multi-layer
        return latents * a.Hidden + 4 * a.Hidden * inner + 3 * ffn * a.Hidden * a.Hidden + (a.Layers + 1.0) * a.Hidden;
    }

    private static string EnumName(StageKind stage) => stage == StageKind.Contrastive ? "contrastive" : "reconstruction";

    public static string Gib(double bytes) => bytes >= 1 << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 30):F1} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (1 << 20):F0} MiB");

    private static string Millions(double n) => n >= 1e9
        ? string.Create(CultureInfo.InvariantCulture, $"{n / 1e9:F2} B")
        : string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:F1} M");
}

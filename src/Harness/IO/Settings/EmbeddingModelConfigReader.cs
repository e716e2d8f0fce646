using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Lora;
using Ablation.Models.Pooling;

namespace Ablation.Harness.IO.Settings;

/// <summary>
/// Reads a trained model's <c>embedding_config.json</c> strictly: unknown keys (with "did you mean"), wrong types,
/// closed sets (attention, pooling, head inputs, LoRA targets) and a newer <c>format</c> are errors naming file,
/// line:column and JSON path. Every file <see cref="EmbeddingModel.Save"/> has written reads back unchanged.
/// The harness passes <see cref="Read"/> as <see cref="EmbeddingLoadOptions.ReadConfig"/>.
/// </summary>
public static class EmbeddingModelConfigReader
{
    public static EmbeddingModelConfig Read(string path)
    {
        var root = SettingsParser.ParseFile(path, "embedding model config");
        var errors = new SettingsErrors();
        var r = new SettingsObjectReader(root, errors);

        var formatNode = r.Get("format");
        int format = r.Int("format", EmbeddingModelConfig.CurrentFormat, min: 1, required: true);
        if (formatNode != null && errors.Count == 0 && format != EmbeddingModelConfig.CurrentFormat)
            errors.Add(formatNode, $"format {format} is not supported: this ablation reads format {EmbeddingModelConfig.CurrentFormat}" +
                                   (format > EmbeddingModelConfig.CurrentFormat ? "; the model was saved by a newer ablation, update it" : ""));

        string baseModel = r.String("base_model", "", "a checkpoint folder or builtin:tiny-base", required: true);
        var attention = r.Enum("attention", AttentionMode.Causal, required: true);
        var pooling = ReadPooling(r.Object("pooling", required: true));
        var instructions = ReadInstructions(r.Object("instructions"));
        int maxLength = r.Int("max_length", 512, min: 1);
        var lora = r.Get("lora") is { Kind: not SettingsKind.Null } ? ReadLora(r.Object("lora")!) : null;
        string? decoderWeights = r.OptionalString("decoder_weights", "a weights file name in the model folder");
        r.RejectUnknownKeys(EmbeddingModelConfig.FileName);
        errors.ThrowIfAny();
        return new EmbeddingModelConfig
        {
            Format = format,
            BaseModel = baseModel,
            Attention = attention,
            Pooling = pooling!,
            Instructions = instructions,
            MaxLength = maxLength,
            Lora = lora,
            DecoderWeights = decoderWeights,
        };
    }

    private static PoolingSpec? ReadPooling(SettingsObjectReader? r)
    {
        if (r == null) return null;
        var spec = new PoolingSpec
        {
            Name = r.OneOf("name", PoolingHeads.Names, "eos_last", required: true),
            Head = r.Get("head") is { Kind: not SettingsKind.Null } ? ReadHead(r.Object("head")!) : null,
            LastLayerInput = (LastLayerInput?)r.Value("last_layer_input", SettingType.Enum<LastLayerInput>(nullable: true)),
            LayerSummary = (LayerSummary?)r.Value("layer_summary", SettingType.Enum<LayerSummary>(nullable: true)),
            ExcludeInstruction = r.Bool("exclude_instruction", false),
        };
        r.RejectUnknownKeys("pooling");
        return spec;
    }

    private static PoolingHeadConfig ReadHead(SettingsObjectReader r)
    {
        var head = new PoolingHeadConfig(
            r.Int("num_latents", 1, min: 1, required: true),
            r.Int("num_heads", 1, min: 1, required: true),
            r.Int("head_dim", 1, min: 1, required: true),
            r.Int("ffn_mult", 4, min: 1),
            r.Double("layer_norm_eps", 1e-5, min: 0, minExclusive: true));
        r.RejectUnknownKeys("pooling.head");
        return head;
    }

    private static InstructionTemplates ReadInstructions(SettingsObjectReader? r)
    {
        var defaults = new InstructionTemplates();
        if (r == null) return defaults;
        var templates = new InstructionTemplates
        {
            QueryInstruction = Text(r, "query_instruction", null),
            DocumentInstruction = Text(r, "document_instruction", null),
            Format = Text(r, "format", defaults.Format)!,
            Wrapper = Text(r, "wrapper", defaults.Wrapper)!,
        };
        r.RejectUnknownKeys("instructions");
        return templates;
    }

    // Instruction texts may be empty strings, which SettingType.String rejects; only the JSON type is checked.
    private static string? Text(SettingsObjectReader r, string key, string? fallback)
    {
        var node = r.Get(key);
        if (node == null || (node.Kind == SettingsKind.Null && fallback == null)) return fallback;
        if (node.Kind == SettingsKind.String) return node.String;
        r.Errors.Add(node, $"{node.Describe()} is not allowed; expected a string{(fallback == null ? ", or null" : "")}");
        return fallback;
    }

    private static LoraConfig ReadLora(SettingsObjectReader r)
    {
        var lora = new LoraConfig
        {
            Rank = r.Int("rank", 16, min: 1, required: true),
            Alpha = r.Double("alpha", 32, min: 0, minExclusive: true, required: true),
            Dropout = r.Double("dropout", 0.1, min: 0, max: 1, maxExclusive: true),
            TargetModules = (r.Value("target_modules", SettingType.List(SettingType.OneOf(LoraConfig.AllProjections))) as IEnumerable<object?>)
                ?.Cast<string>().ToList() ?? LoraConfig.AllProjections,
        };
        // Derived (alpha / rank) and written by EmbeddingModel.Save for readers of the file; it must agree.
        var scalingNode = r.Get("scaling");
        double scaling = r.Double("scaling", lora.Scaling);
        if (scalingNode != null && r.Errors.Count == 0 && Math.Abs(scaling - lora.Scaling) > 1e-9 * Math.Max(1, Math.Abs(lora.Scaling)))
            r.Errors.Add(scalingNode, $"scaling {scaling} disagrees with alpha / rank = {lora.Scaling}; remove \"scaling\" (it is derived) or fix alpha and rank");
        r.RejectUnknownKeys("lora");
        return lora;
    }
}

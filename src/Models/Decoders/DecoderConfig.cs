using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Models.Decoders;

/// <summary>Rotary-embedding frequency scaling from <c>config.json</c>'s <c>rope_scaling</c>.</summary>
/// <param name="Type">"llama3" or "linear" (the only types the decoder implements).</param>
/// <param name="Factor">Wavelength stretch factor.</param>
/// <param name="LowFreqFactor">llama3 only: wavelengths longer than original/low_freq_factor are fully scaled.</param>
/// <param name="HighFreqFactor">llama3 only: wavelengths shorter than original/high_freq_factor are unscaled.</param>
/// <param name="OriginalMaxPositionEmbeddings">llama3 only: the pre-extension context length.</param>
public sealed record RopeScaling(
    string Type, double Factor, double LowFreqFactor = 1, double HighFreqFactor = 4,
    int OriginalMaxPositionEmbeddings = 8192);

/// <summary>
/// Architecture of a Llama-family decoder (Llama 2/3.x, Mistral, Qwen2/2.5), read from a Hugging Face
/// <c>config.json</c>. Key names and defaults follow the transformers configuration classes
/// (<c>LlamaConfig</c>, <c>MistralConfig</c>, <c>Qwen2Config</c>).
/// </summary>
/// <remarks>
/// <c>sliding_window</c> (Mistral, Qwen2) is read but ignored: the decoder always uses full attention, which
/// is identical for sequences not longer than the window (4096 for Mistral-7B-v0.1; Qwen2 disables it by
/// default). Embedding texts are far shorter, so this is exact for every use in this project.
/// </remarks>
public sealed record DecoderConfig
{
    /// <summary>The <c>model_type</c> values this decoder implements.</summary>
    public static readonly IReadOnlyList<string> SupportedModelTypes = ["llama", "mistral", "qwen2"];

    public required string ModelType { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    /// <summary>Per-head width; <c>head_dim</c> when given, otherwise hidden_size / num_attention_heads.</summary>
    public required int HeadDim { get; init; }
    public double RmsNormEps { get; init; } = 1e-6;
    public double RopeTheta { get; init; } = 10000;
    public RopeScaling? RopeScaling { get; init; }
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Biases on q/k/v projections (always true for Qwen2; <c>attention_bias</c> for Llama).</summary>
    public bool AttentionQkvBias { get; init; }
    /// <summary>Bias on the output projection (Llama's <c>attention_bias</c> covers o_proj too; Qwen2 has none).</summary>
    public bool AttentionOutputBias { get; init; }
    /// <summary>Biases in the MLP projections (Llama's <c>mlp_bias</c>).</summary>
    public bool MlpBias { get; init; }
    /// <summary><c>torch_dtype</c> as written ("float32", "bfloat16", "float16"), or null.</summary>
    public string? TorchDtype { get; init; }
    public int MaxPositionEmbeddings { get; init; } = 2048;
    /// <summary>Read for information only; see the remarks on the type.</summary>
    public int? SlidingWindow { get; init; }
    public int? BosTokenId { get; init; }
    /// <summary>All EOS ids (Llama-3.x configs list several).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public int? PadTokenId { get; init; }

    /// <summary>Number of query heads sharing one key/value head (grouped-query attention).</summary>
    public int KvGroups => NumAttentionHeads / NumKeyValueHeads;

    /// <summary>Reads and validates <paramref name="path"/> (a config.json file).</summary>
    public static DecoderConfig Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: config.json not found; a Hugging Face checkpoint folder must contain it", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in error messages.</summary>
    public static DecoderConfig Parse(string json, string source = "config.json")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new FormatException($"{source}: the top level must be a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
        var r = new Reader(root, source);

        var modelType = r.String("model_type")
            ?? throw new FormatException($"{source}: missing key 'model_type'; expected one of {string.Join(", ", SupportedModelTypes)}");
        if (!SupportedModelTypes.Contains(modelType))
            throw new FormatException(
                $"{source}: key 'model_type' is '{modelType}', which this decoder does not implement; supported: {string.Join(", ", SupportedModelTypes)}");
        var act = r.String("hidden_act") ?? "silu";
        if (act != "silu")
            throw new FormatException($"{source}: key 'hidden_act' is '{act}'; only 'silu' (SwiGLU MLP) is implemented");

        var hidden = r.RequiredInt("hidden_size");
        var heads = r.RequiredInt("num_attention_heads");
        var kvHeads = r.Int("num_key_value_heads") ?? heads;
        var headDim = r.Int("head_dim") ?? (hidden % heads == 0 ? hidden / heads
            : throw new FormatException($"{source}: key 'hidden_size' ({hidden}) is not divisible by 'num_attention_heads' ({heads}) and no 'head_dim' is given"));
        if (kvHeads <= 0 || heads % kvHeads != 0)
            throw new FormatException($"{source}: key 'num_key_value_heads' ({kvHeads}) must divide 'num_attention_heads' ({heads})");

        var isQwen2 = modelType == "qwen2";
        var attentionBias = r.Bool("attention_bias") ?? false;
        return new DecoderConfig
        {
            ModelType = modelType,
            VocabSize = r.RequiredInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = r.RequiredInt("intermediate_size"),
            NumHiddenLayers = r.RequiredInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            RmsNormEps = r.Double("rms_norm_eps") ?? 1e-6,
            RopeTheta = r.Double("rope_theta") ?? 10000,
            RopeScaling = ParseRopeScaling(root["rope_scaling"], source),
            TieWordEmbeddings = r.Bool("tie_word_embeddings") ?? false,
            // Qwen2 always has q/k/v biases and no o_proj bias; Llama's attention_bias covers all four.
            AttentionQkvBias = isQwen2 || attentionBias,
            AttentionOutputBias = !isQwen2 && attentionBias,
            MlpBias = r.Bool("mlp_bias") ?? false,
            TorchDtype = r.String("torch_dtype") ?? r.String("dtype"),
            MaxPositionEmbeddings = r.Int("max_position_embeddings") ?? 2048,
            SlidingWindow = r.Int("sliding_window"),
            BosTokenId = r.Int("bos_token_id"),
            EosTokenIds = r.IntOrList("eos_token_id"),
            PadTokenId = r.Int("pad_token_id"),
        };
    }

    private static RopeScaling? ParseRopeScaling(JsonNode? node, string source)
    {
        if (node is null) return null;
        if (node is not JsonObject o)
            throw new FormatException($"{source}: key 'rope_scaling' must be an object or null");
        var r = new Reader(o, source, "rope_scaling.");
        var type = r.String("rope_type") ?? r.String("type")
            ?? throw new FormatException($"{source}: key 'rope_scaling.rope_type' is missing");
        var factor = r.Double("factor") ?? throw new FormatException($"{source}: key 'rope_scaling.factor' is missing");
        return type switch
        {
            "default" => null,
            "linear" => new RopeScaling("linear", factor),
            "llama3" => new RopeScaling("llama3", factor,
                r.Double("low_freq_factor") ?? throw new FormatException($"{source}: key 'rope_scaling.low_freq_factor' is missing"),
                r.Double("high_freq_factor") ?? throw new FormatException($"{source}: key 'rope_scaling.high_freq_factor' is missing"),
                r.Int("original_max_position_embeddings") ?? throw new FormatException($"{source}: key 'rope_scaling.original_max_position_embeddings' is missing")),
            _ => throw new FormatException($"{source}: key 'rope_scaling.rope_type' is '{type}'; implemented: default, linear, llama3"),
        };
    }

    /// <summary>Writes this configuration as a Hugging Face config.json (readable by transformers).</summary>
    public string ToJson()
    {
        var o = new JsonObject
        {
            ["architectures"] = new JsonArray(ModelType switch { "qwen2" => "Qwen2ForCausalLM", "mistral" => "MistralForCausalLM", _ => "LlamaForCausalLM" }),
            ["model_type"] = ModelType,
            ["vocab_size"] = VocabSize,
            ["hidden_size"] = HiddenSize,
            ["intermediate_size"] = IntermediateSize,
            ["num_hidden_layers"] = NumHiddenLayers,
            ["num_attention_heads"] = NumAttentionHeads,
            ["num_key_value_heads"] = NumKeyValueHeads,
            ["head_dim"] = HeadDim,
            ["hidden_act"] = "silu",
            ["rms_norm_eps"] = RmsNormEps,
            ["rope_theta"] = RopeTheta,
            ["max_position_embeddings"] = MaxPositionEmbeddings,
            ["tie_word_embeddings"] = TieWordEmbeddings,
        };
        if (ModelType != "qwen2") o["attention_bias"] = AttentionQkvBias;
        if (MlpBias) o["mlp_bias"] = true;
        if (TorchDtype != null) o["torch_dtype"] = TorchDtype;
        if (BosTokenId != null) o["bos_token_id"] = BosTokenId;
        if (EosTokenIds.Count == 1) o["eos_token_id"] = EosTokenIds[0];
        else if (EosTokenIds.Count > 1) o["eos_token_id"] = new JsonArray([.. EosTokenIds.Select(i => (JsonNode)i)]);
        if (PadTokenId != null) o["pad_token_id"] = PadTokenId;
        if (RopeScaling is { } s)
        {
            var so = new JsonObject { ["rope_type"] = s.Type, ["factor"] = s.Factor };
            if (s.Type == "llama3")
            {
                so["low_freq_factor"] = s.LowFreqFactor;
                so["high_freq_factor"] = s.HighFreqFactor;
                so["original_max_position_embeddings"] = s.OriginalMaxPositionEmbeddings;
            }
            o["rope_scaling"] = so;
        }
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Typed access to keys with errors that name the file and the key.</summary>
    private readonly struct Reader(JsonObject obj, string source, string prefix = "")
    {
        private JsonValue? Value(string key, string expected)
        {
            var node = obj[key];
            if (node is null) return null;
            return node as JsonValue
                ?? throw new FormatException($"{source}: key '{prefix}{key}' must be {expected}, not {node.GetValueKind()}");
        }

        public string? String(string key)
        {
            var v = Value(key, "a string");
            if (v is null) return null;
            return v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>()
                : throw new FormatException($"{source}: key '{prefix}{key}' must be a string, not {v.ToJsonString()}");
        }

        public double? Double(string key)
        {
            var v = Value(key, "a number");
            if (v is null) return null;
            if (v.GetValueKind() != JsonValueKind.Number)
                throw new FormatException($"{source}: key '{prefix}{key}' must be a number, not {v.ToJsonString()}");
            return double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);
        }

        public int? Int(string key)
        {
            var d = Double(key);
            if (d is null) return null;
            if (d != Math.Floor(d.Value) || d < int.MinValue || d > int.MaxValue)
                throw new FormatException($"{source}: key '{prefix}{key}' must be an integer, not {d}");
            return (int)d.Value;
        }

        public int RequiredInt(string key)
        {
            var v = Int(key) ?? throw new FormatException($"{source}: required key '{prefix}{key}' is missing");
            if (v <= 0) throw new FormatException($"{source}: key '{prefix}{key}' must be positive, not {v}");
            return v;
        }

        public bool? Bool(string key)
        {
            var v = Value(key, "true or false");
            if (v is null) return null;
            return v.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new FormatException($"{source}: key '{prefix}{key}' must be true or false, not {v.ToJsonString()}"),
            };
        }

        public IReadOnlyList<int> IntOrList(string key)
        {
            var node = obj[key];
            if (node is null) return [];
            if (node is JsonArray a)
            {
                var ids = new List<int>();
                for (var i = 0; i < a.Count; i++)
                    ids.Add(a[i] is JsonValue xv && xv.GetValueKind() == JsonValueKind.Number ? xv.GetValue<int>()
                        : throw new FormatException($"{source}: key '{prefix}{key}[{i}]' must be an integer"));
                return ids;
            }
            return Int(key) is { } one ? [one] : [];
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Ablation.Models.Decoders;
using Ablation.Models.Lora;
using Ablation.Models.Pooling;

namespace Ablation.Models;

/// <summary>
/// <c>embedding_config.json</c> of a trained model: which base checkpoint, attention mode, pooling head, instruction
/// templates, maximum length and LoRA settings. The weights live next to it (adapter_model.safetensors,
/// pooling_head.safetensors); the base weights are never copied.
/// </summary>
public sealed record EmbeddingModelConfig
{
    public const string FileName = "embedding_config.json";
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    public required string BaseModel { get; init; }
    public required AttentionMode Attention { get; init; }
    public required PoolingSpec Pooling { get; init; }
    public InstructionTemplates Instructions { get; init; } = new();
    public int MaxLength { get; init; } = 512;
    public LoraConfig? Lora { get; init; }

    /// <summary>File (in the model folder) whose weights replace the base checkpoint's, after full fine-tuning; null = the base's.</summary>
    public string? DecoderWeights { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // A misspelt key must not fall back to a default silently (the harness reads the file with its strict
        // settings reader, EmbeddingLoadOptions.ReadConfig; this is the fallback for library use).
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads <paramref name="path"/> with System.Text.Json (unknown keys are errors, without line numbers).</summary>
    public static EmbeddingModelConfig Load(string path)
    {
        try
        {
            var c = JsonSerializer.Deserialize<EmbeddingModelConfig>(File.ReadAllText(path), Json)
                ?? throw new FormatException($"{path}: empty embedding model config");
            if (c.Format != CurrentFormat)
                throw new FormatException($"{path}: format {c.Format} is not supported (expected {CurrentFormat})");
            return c;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }
    }
}

using System.Text.Json;

namespace Ablation.Models.Tokenizers;

/// <summary>The parts of a Hugging Face <c>tokenizer_config.json</c> that matter for encoding: which tokens are
/// BOS/EOS/pad/unk and whether BOS/EOS are added (null = not stated).</summary>
public sealed record TokenizerConfig(string? BosToken, string? EosToken, string? PadToken, string? UnkToken, bool? AddBosToken, bool? AddEosToken)
{
    public static readonly TokenizerConfig Empty = new(null, null, null, null, null, null);

    /// <summary>Reads <paramref name="path"/>; a missing file gives <see cref="Empty"/>.</summary>
    public static TokenizerConfig Load(string path)
    {
        if (!File.Exists(path)) return Empty;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true });
            var root = doc.RootElement;
            return new TokenizerConfig(Token(root, "bos_token"), Token(root, "eos_token"), Token(root, "pad_token"), Token(root, "unk_token"),
                Bool(root, "add_bos_token"), Bool(root, "add_eos_token"));
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: not valid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }
    }

    // A token is written either as a string or as {"__type": "AddedToken", "content": "<s>", ...}.
    private static string? Token(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object when v.TryGetProperty("content", out var c) => c.GetString(),
            _ => null,
        };
    }

    private static bool? Bool(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
}

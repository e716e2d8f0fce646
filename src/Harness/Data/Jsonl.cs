using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ablation.Harness.Data;

/// <summary>JSON settings for every file the built-in data writes: readable UTF-8, fixed property order, "\n" lines.</summary>
public static class Jsonl
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    /// <summary>One JSON object per line.</summary>
    public static string Line<T>(T value) => JsonSerializer.Serialize(value, Options);
}

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

    /// <summary>
    /// Parses one line of a JSON Lines file as a JSON object; <paramref name="where"/> ("file line N") starts the
    /// error message, and <paramref name="expected"/> says what the object should hold.
    /// </summary>
    public static JsonElement ParseObjectLine(string line, string where, string expected)
    {
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(line);
            element = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new UserInputException(
                $"{where}, column {error.BytePositionInLine + 1}: invalid JSON ({FirstSentence(error.Message)}); each line must be one JSON object", error);
        }
        if (element.ValueKind != JsonValueKind.Object)
            throw new UserInputException($"{where}, column 1: expected {expected}, got a JSON {element.ValueKind.ToString().ToLowerInvariant()}");
        return element;
    }

    /// <summary>System.Text.Json messages go on with "Path: $ | LineNumber: …", which our line and column already say.</summary>
    public static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}

using System.Text.Json;

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>Small helpers that read manifest JSON and turn every problem into an error naming file, line/column or key.</summary>
internal static class ManifestJson
{
    public static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            throw new UserInputException(
                $"{path} line {error.LineNumber + 1}, column {error.BytePositionInLine + 1}: invalid JSON ({FirstSentence(error.Message)}); fix the syntax", error);
        }
    }

    public static void RejectUnknown(string path, JsonElement element, string prefix, string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
            if (!allowed.Contains(property.Name))
                throw new UserInputException($"{path}: unknown key '{prefix}{property.Name}'; allowed keys are {string.Join(", ", allowed)}");
    }

    public static string RequiredString(string path, JsonElement element, string key, string prefix = "") =>
        OptionalString(path, element, key, prefix) ?? throw new UserInputException($"{path}: missing required key '{prefix}{key}'");

    public static string? OptionalString(string path, JsonElement element, string key, string prefix = "")
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new UserInputException($"{path}: key '{prefix}{key}' must be a string; got {value.ValueKind.ToString().ToLowerInvariant()}");
        return value.GetString();
    }

    public static IReadOnlyList<string>? OptionalStringList(string path, JsonElement element, string key)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new UserInputException($"{path}: key '{key}' must be a list of strings; got {value.GetRawText()}");
        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    public static int? OptionalInt(string path, JsonElement element, string key, int minimum)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result) || result < minimum)
            throw new UserInputException($"{path}: key '{key}' must be an integer ≥ {minimum}; got {value.GetRawText()}");
        return result;
    }

    public static double? OptionalDouble(string path, JsonElement element, string key)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number) throw new UserInputException($"{path}: key '{key}' must be a number; got {value.GetRawText()}");
        return value.GetDouble();
    }

    public static bool? OptionalBool(string path, JsonElement element, string key)
    {
        if (!element.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) throw new UserInputException($"{path}: key '{key}' must be true or false; got {value.GetRawText()}");
        return value.GetBoolean();
    }

    public static string FirstSentence(string message) => Data.Jsonl.FirstSentence(message);
}

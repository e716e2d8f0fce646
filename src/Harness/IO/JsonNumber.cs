using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Harness.IO;

/// <summary>
/// The one rule for numbers in JSON files and output: JSON has no NaN or Infinity, so an undefined value (a
/// correlation of constant input, a test that does not apply) is written as <c>null</c>, never as a string or
/// a made-up number. Readers treat <c>null</c> as "undefined".
/// </summary>
public static class JsonNumber
{
    /// <summary>A node for <paramref name="value"/>, or null when it is NaN or ±Infinity.</summary>
    public static JsonNode? Node(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>Writes <paramref name="name"/>: <paramref name="value"/>, or <c>null</c> when it is NaN or ±Infinity.</summary>
    public static void Write(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}

using System.Globalization;
using System.Text.Json;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// One row of a task data file (a JSON line or a CSV/TSV row) with typed accessors by MTEB column name.
/// Every accessor failure names the file, line and column and says what was expected.
/// In CSV/TSV, list-valued columns hold a JSON array (<c>["a", "b"]</c>).
/// </summary>
public sealed class DataRecord
{
    private readonly JsonElement _json;
    private readonly IReadOnlyDictionary<string, int>? _header;
    private readonly string[]? _fields;

    internal DataRecord(string file, long line, JsonElement json) { File = file; Line = line; _json = json; }

    /// <summary>A Parquet row: <paramref name="location"/> replaces "file line N" in messages.</summary>
    internal DataRecord(string file, long row, string location, JsonElement json) : this(file, row, json) => _location = location;

    private readonly string? _location;

    internal DataRecord(string file, long line, IReadOnlyDictionary<string, int> header, string[] fields)
    {
        File = file; Line = line; _header = header; _fields = fields;
    }

    public string File { get; }

    /// <summary>1-based line number in the file (for a Parquet row: its 0-based index in the file).</summary>
    public long Line { get; }

    public bool Has(string column) => _header != null
        ? _header.ContainsKey(column)
        : _json.TryGetProperty(column, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>True when a JSON row holds a list in <paramref name="column"/> (MTEB's one-row-per-split layout).</summary>
    public bool IsList(string column) =>
        _header == null && _json.TryGetProperty(column, out var v) && v.ValueKind == JsonValueKind.Array;

    /// <summary>A string column; JSON numbers are accepted and converted (ids are often numeric).</summary>
    public string Text(string column) => OptionalText(column) ?? throw Error(column, "is missing", $"add a '{column}' value");

    public string? OptionalText(string column)
    {
        if (_header != null) return _header.TryGetValue(column, out int i) ? _fields![i] : null;
        if (!_json.TryGetProperty(column, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw Error(column, $"is a JSON {Kind(value)}", "expected a string"),
        };
    }

    public double Number(string column)
    {
        if (_header != null)
        {
            string text = Text(column);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                return double.IsFinite(parsed) ? parsed : throw Error(column, $"is '{text}'", "expected a finite number (no NaN or Infinity)");
            throw Error(column, $"is '{text}'", "expected a number (use '.' as the decimal point)");
        }
        if (!_json.TryGetProperty(column, out var value) || value.ValueKind == JsonValueKind.Null)
            throw Error(column, "is missing", $"add a numeric '{column}' value");
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double fromString))
            return double.IsFinite(fromString) ? fromString : throw Error(column, $"is {value.GetRawText()}", "expected a finite number (no NaN or Infinity)");
        throw Error(column, $"is {value.GetRawText()}", "expected a number");
    }

    public IReadOnlyList<string> TextList(string column) =>
        List(column).Select(e => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number => e.GetRawText(),
            _ => throw Error(column, $"has an element {e.GetRawText()}", "expected a list of strings"),
        }).ToList();

    public IReadOnlyList<double> NumberList(string column) =>
        List(column).Select(e => e.ValueKind == JsonValueKind.Number
            ? e.GetDouble()
            : throw Error(column, $"has an element {e.GetRawText()}", "expected a list of numbers")).ToList();

    private List<JsonElement> List(string column)
    {
        JsonElement value;
        if (_header != null)
        {
            string text = Text(column);
            try { value = JsonDocument.Parse(text).RootElement.Clone(); }
            catch (JsonException) { throw Error(column, $"is '{Truncate(text)}'", "expected a JSON array such as [\"a\", \"b\"]"); }
        }
        else if (!_json.TryGetProperty(column, out value) || value.ValueKind == JsonValueKind.Null)
            throw Error(column, "is missing", $"add a '{column}' list");
        if (value.ValueKind != JsonValueKind.Array) throw Error(column, $"is a {Kind(value)}", "expected a list");
        return value.EnumerateArray().ToList();
    }

    /// <summary>An error about this row and column: "<c>file line N, column 'c'</c>: what; how to fix".</summary>
    public UserInputException Error(string column, string what, string fix)
    {
        string where = _header != null && _header.TryGetValue(column, out int index)
            ? $"column {index + 1} ('{column}')"
            : $"column '{column}'";
        return new UserInputException($"{_location ?? $"{File} line {Line}"}, {where}: value {what}; {fix}");
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

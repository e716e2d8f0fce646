using System.Globalization;

namespace Ablation.Harness.IO.Settings;

/// <summary>The JSON type of a <see cref="SettingsNode"/>.</summary>
public enum SettingsKind { Object, Array, String, Number, Bool, Null }

/// <summary>A property of a JSON object with the position of its name.</summary>
public sealed record SettingsProperty(string Name, int Line, int Column, SettingsNode Value);

/// <summary>
/// One JSON value of a settings file with where it was written (file, JSON path, 1-based line and column), so that
/// every later check, however far from parsing, can point the user at the exact place.
/// </summary>
public sealed class SettingsNode
{
    internal SettingsNode(SettingsKind kind, string source, string path, int line, int column)
    {
        Kind = kind;
        Source = source;
        Path = path;
        Line = line;
        Column = column;
    }

    public SettingsKind Kind { get; }
    /// <summary>The file (or other name) the value was read from.</summary>
    public string Source { get; }
    /// <summary>JSONPath of the value, e.g. <c>$.axes.pooling[2]</c>.</summary>
    public string Path { get; }
    public int Line { get; }
    public int Column { get; }

    /// <summary>The text of a string.</summary>
    public string? String { get; internal set; }
    /// <summary>The value of a number.</summary>
    public double Number { get; internal set; }
    /// <summary>The value of a number written as an integer that fits 64 bits (no fraction, no exponent).</summary>
    public long? Integer { get; internal set; }
    /// <summary>The number as written.</summary>
    public string? RawNumber { get; internal set; }
    public bool Bool { get; internal set; }

    /// <summary>The properties of an object, in file order.</summary>
    public IReadOnlyList<SettingsProperty> Properties { get; internal set; } = [];
    /// <summary>The items of an array.</summary>
    public IReadOnlyList<SettingsNode> Items { get; internal set; } = [];

    /// <summary>The value of property <paramref name="name"/> of an object, or null when absent.</summary>
    public SettingsNode? this[string name] => Properties.FirstOrDefault(p => p.Name == name)?.Value;

    /// <summary><c>file:line:column</c>.</summary>
    public string Location => $"{Source}:{Line}:{Column}";

    /// <summary>The value as a user would recognise it in a message: <c>"eos_lst"</c>, <c>-5</c>, <c>an object</c>.</summary>
    public string Describe() => Kind switch
    {
        SettingsKind.String => Quote(String!),
        SettingsKind.Number => RawNumber ?? Number.ToString("R", CultureInfo.InvariantCulture),
        SettingsKind.Bool => Bool ? "true" : "false",
        SettingsKind.Null => "null",
        SettingsKind.Array => Items.Count == 0 ? "an empty array" : "an array",
        _ => Properties.Count == 0 ? "an empty object" : "an object",
    };

    /// <summary>The JSON type's name for "expected … got …" messages.</summary>
    public static string KindName(SettingsKind kind) => kind switch
    {
        SettingsKind.Object => "an object",
        SettingsKind.Array => "an array",
        SettingsKind.String => "a string",
        SettingsKind.Number => "a number",
        SettingsKind.Bool => "true or false",
        _ => "null",
    };

    internal static string Quote(string text) =>
        "\"" + (text.Length > 60 ? text[..57] + "..." : text).Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    /// <summary>The path of property <paramref name="name"/> under <paramref name="parent"/> (bracketed when not a plain identifier).</summary>
    public static string ChildPath(string parent, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? parent + "." + name
            : parent + "['" + name.Replace("\\", "\\\\").Replace("'", "\\'") + "']";
}

using System.Globalization;
using System.Text.Json;

namespace Ablation.Harness.Data.Training;

/// <summary>
/// Turns one record (a JSON line or a Parquet row) into a <see cref="TrainingExample"/>, with the same rules and
/// messages for both formats. A field value arrives as null (missing or null), a string, a list, or a
/// <see cref="WrongType"/> naming what it was instead.
/// </summary>
internal static class TrainingRecord
{
    /// <summary>Fields the reader uses; <c>id</c> is accepted and ignored, <c>kind</c> stands in for a missing <c>dataset</c>.</summary>
    internal static readonly string[] KnownFields = ["query", "positive", "negative", "instruction", "dataset", "id", "kind"];

    /// <summary>A field whose value has a type the reader cannot use; <see cref="Description"/> is e.g. "a JSON number".</summary>
    internal sealed record WrongType(string Description);

    internal static TrainingExample Build(Func<string, object?> field, string where)
    {
        string query = Required(field, "query", where);
        string positive = Required(field, "positive", where);
        var negatives = Negatives(field("negative"), where);
        string instruction = Optional(field, "instruction", where) ?? "";
        string dataset = Optional(field, "dataset", where) ?? Optional(field, "kind", where) ?? "";
        object? id = field("id");
        if (id is IReadOnlyList<object?> || (id is WrongType && !IsNumber(id)))
            throw Error(where, "id", "is not a string or number", "give a string id, or drop the field");
        return new TrainingExample(query, positive, negatives, instruction, dataset, where);
    }

    internal static UserInputException Error(string where, string name, string what, string fix) =>
        new($"{where}, field '{name}': {what}; {fix}");

    private static string Required(Func<string, object?> field, string name, string where) => field(name) switch
    {
        null => throw Error(where, name, "is missing", $"every record needs a non-empty '{name}' string"),
        string s when string.IsNullOrWhiteSpace(s) => throw Error(where, name, "is empty", $"every record needs a non-empty '{name}' string"),
        string s => s,
        var other => throw Error(where, name, $"is {Describe(other)}", "expected a string"),
    };

    private static string? Optional(Func<string, object?> field, string name, string where) => field(name) switch
    {
        null => null,
        string s => s,
        var other => throw Error(where, name, $"is {Describe(other)}", "expected a string or null"),
    };

    private static IReadOnlyList<string> Negatives(object? value, string where)
    {
        switch (value)
        {
            case null: return [];
            case string s when string.IsNullOrWhiteSpace(s):
                throw Error(where, "negative", "is an empty string", "give a hard negative text, a list of them, or leave the field out");
            case string s: return [s];
            case IReadOnlyList<object?> list:
                var negatives = new List<string>(list.Count);
                for (int i = 0; i < list.Count; i++)
                {
                    if (list[i] is not string text)
                        throw Error(where, "negative", $"element {i} is {Describe(list[i])}", "expected a list of strings");
                    if (string.IsNullOrWhiteSpace(text))
                        throw Error(where, "negative", $"element {i} is an empty string", "remove empty hard negatives");
                    negatives.Add(text);
                }
                return negatives;
            default:
                throw Error(where, "negative", $"is {Describe(value)}", "expected a string or a list of strings");
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        WrongType wrong => wrong.Description,
        IReadOnlyList<object?> => "a list",
        string => "a string",
        long or double => "a number",
        bool => "a boolean",
        _ => "a " + value.GetType().Name,
    };

    /// <summary>A JSON value in the shapes <see cref="Build"/> takes (lists keep their elements' shapes).</summary>
    internal static object? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Array => value.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Number => new WrongType("a JSON number (" + value.GetRawText() + ")"),
        JsonValueKind.True or JsonValueKind.False => new WrongType("a JSON boolean"),
        _ => new WrongType("a JSON " + value.ValueKind.ToString().ToLowerInvariant()),
    };

    /// <summary>Numbers are fine as ids; <see cref="FromJson"/> flags them for every other field.</summary>
    internal static bool IsNumber(object? value) => value is WrongType { Description: var d } && d.StartsWith("a JSON number", StringComparison.Ordinal);

    internal static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}

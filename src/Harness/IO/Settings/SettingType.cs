using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Harness.IO.Settings;

/// <summary>
/// The type of one setting: which JSON values it accepts (checked with a message saying what is allowed), how its
/// value is written canonically, shown in a name, and described in a JSON Schema. Values are <see cref="int"/>,
/// <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>, a boxed enum, or for lists an
/// <see cref="IReadOnlyList{T}"/> of <see cref="object"/>; null where the type is nullable.
/// </summary>
public abstract class SettingType
{
    private protected SettingType(bool nullable) => Nullable = nullable;

    /// <summary>Whether JSON <c>null</c> is a value (meaning "derived from other settings").</summary>
    public bool Nullable { get; }

    /// <summary>What is allowed, for messages: "an integer >= 1", "one of: causal, bidirectional".</summary>
    public string Allowed => Nullable ? AllowedValue + ", or null" : AllowedValue;

    private protected abstract string AllowedValue { get; }

    /// <summary>Converts <paramref name="node"/>; on a bad value adds an error naming what is allowed and returns false.</summary>
    public bool TryRead(SettingsNode node, SettingsErrors errors, out object? value)
    {
        value = null;
        if (node.Kind == SettingsKind.Null)
        {
            if (Nullable) return true;
            errors.Add(node, $"null is not allowed; expected {AllowedValue}");
            return false;
        }
        return TryReadValue(node, errors, out value);
    }

    private protected abstract bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value);

    /// <summary>Writes <paramref name="value"/> canonically (invariant numbers, shortest round-trip doubles).</summary>
    public void Write(Utf8JsonWriter writer, object? value)
    {
        if (value == null) writer.WriteNullValue();
        else WriteValue(writer, value);
    }

    private protected abstract void WriteValue(Utf8JsonWriter writer, object value);

    /// <summary>Short text of a value for names and messages: <c>mean</c>, <c>0.0001</c>, <c>reconstruction+contrastive</c>.</summary>
    public virtual string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        Enum e => EnumNames.Name(e.GetType(), e),
        _ => value.ToString() ?? "",
    };

    /// <summary>True for array-valued settings (<c>stages</c>, <c>lora.targets</c>).</summary>
    public virtual bool IsList => false;

    /// <summary>Value equality (lists item by item).</summary>
    public virtual bool ValueEquals(object? a, object? b) => Equals(a, b);

    /// <summary>The JSON Schema (draft 2020-12) of the setting.</summary>
    public JsonObject Schema()
    {
        var schema = ValueSchema();
        if (!Nullable) return schema;
        if (schema["enum"] is JsonArray values) { values.Add(null); return schema; }
        return new JsonObject { ["anyOf"] = new JsonArray(schema, new JsonObject { ["type"] = "null" }) };
    }

    private protected abstract JsonObject ValueSchema();

    private protected static bool Fail(SettingsNode node, SettingsErrors errors, string expected, string hint = "")
    {
        errors.Add(node, $"{node.Describe()} is not allowed; expected {expected}{hint}");
        return false;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static SettingType Int(int min = int.MinValue, int max = int.MaxValue, bool nullable = false) => new IntType(min, max, nullable);

    /// <summary>A finite number with optional bounds (exclusive when the flag says so).</summary>
    public static SettingType Double(double? min = null, bool minExclusive = false, double? max = null, bool maxExclusive = false, bool nullable = false) =>
        new DoubleType(min, minExclusive, max, maxExclusive, nullable);

    /// <summary>true or false.</summary>
    public static SettingType Bool() => new BoolType();

    /// <summary>A non-empty string; <paramref name="description"/> says what it names ("a folder or builtin:default").</summary>
    public static SettingType String(string description = "a non-empty string", bool nullable = false) => new StringType(description, nullable);

    /// <summary>One string of a closed set.</summary>
    public static SettingType OneOf(IReadOnlyList<string> names, bool nullable = false) => new OneOfType(names, nullable);

    /// <summary>A member of enum <typeparamref name="T"/> by its <see cref="EnumNames"/> name.</summary>
    public static SettingType Enum<T>(bool nullable = false) where T : struct, Enum => new EnumType(typeof(T), nullable);

    /// <summary>An array of <paramref name="item"/> values.</summary>
    public static SettingType List(SettingType item, bool nonEmpty = true, bool distinct = true, bool nullable = false) =>
        new ListType(item, nonEmpty, distinct, nullable);

    private sealed class IntType(int min, int max, bool nullable) : SettingType(nullable)
    {
        private protected override string AllowedValue =>
            min == int.MinValue && max == int.MaxValue ? "an integer"
            : max == int.MaxValue ? $"an integer >= {min}"
            : min == int.MinValue ? $"an integer <= {max}"
            : $"an integer from {min} to {max}";

        private protected override bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value)
        {
            value = null;
            if (node.Kind != SettingsKind.Number || node.Integer is not { } l || l < min || l > max)
                return Fail(node, errors, AllowedValue);
            value = (int)l;
            return true;
        }

        private protected override void WriteValue(Utf8JsonWriter writer, object value) => writer.WriteNumberValue((int)value);

        private protected override JsonObject ValueSchema()
        {
            var s = new JsonObject { ["type"] = "integer" };
            if (min != int.MinValue) s["minimum"] = min;
            if (max != int.MaxValue) s["maximum"] = max;
            return s;
        }
    }

    private sealed class DoubleType(double? min, bool minExclusive, double? max, bool maxExclusive, bool nullable) : SettingType(nullable)
    {
        private protected override string AllowedValue
        {
            get
            {
                string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
                string lower = min is { } a ? (minExclusive ? "> " : ">= ") + F(a) : "";
                string upper = max is { } b ? (maxExclusive ? "< " : "<= ") + F(b) : "";
                return (lower, upper) switch
                {
                    ("", "") => "a number",
                    (_, "") => $"a number {lower}",
                    ("", _) => $"a number {upper}",
                    _ => $"a number {lower} and {upper}",
                };
            }
        }

        private protected override bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value)
        {
            value = null;
            if (node.Kind != SettingsKind.Number || !double.IsFinite(node.Number)) return Fail(node, errors, AllowedValue);
            double v = node.Number;
            if (min is { } a && (minExclusive ? v <= a : v < a)) return Fail(node, errors, AllowedValue);
            if (max is { } b && (maxExclusive ? v >= b : v > b)) return Fail(node, errors, AllowedValue);
            value = v == 0 ? 0.0 : v; // -0 and 0 are one value
            return true;
        }

        // Shortest round-trip text, exponent in lower case as JSON writers usually print it (4e-05).
        private protected override void WriteValue(Utf8JsonWriter writer, object value) =>
            writer.WriteRawValue(((double)value).ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'), skipInputValidation: true);

        private protected override JsonObject ValueSchema()
        {
            var s = new JsonObject { ["type"] = "number" };
            if (min is { } a) s[minExclusive ? "exclusiveMinimum" : "minimum"] = a;
            if (max is { } b) s[maxExclusive ? "exclusiveMaximum" : "maximum"] = b;
            return s;
        }
    }

    private sealed class BoolType() : SettingType(false)
    {
        private protected override string AllowedValue => "true or false";

        private protected override bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value)
        {
            value = node.Bool;
            return node.Kind == SettingsKind.Bool || Fail(node, errors, AllowedValue);
        }

        private protected override void WriteValue(Utf8JsonWriter writer, object value) => writer.WriteBooleanValue((bool)value);
        private protected override JsonObject ValueSchema() => new() { ["type"] = "boolean" };
    }

    private sealed class StringType(string description, bool nullable) : SettingType(nullable)
    {
        private protected override string AllowedValue => description;

        private protected override bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value)
        {
            value = node.String;
            return node.Kind == SettingsKind.String && node.String!.Trim().Length > 0 || Fail(node, errors, AllowedValue);
        }

        private protected override void WriteValue(Utf8JsonWriter writer, object value) => writer.WriteStringValue((string)value);
        private protected override JsonObject ValueSchema() => new() { ["type"] = "string", ["minLength"] = 1 };
    }

    private sealed class OneOfType(IReadOnlyList<string> names, bool nullable) : SettingType(nullable)
    {
        private protected override string AllowedValue => "one of: " + string.Join(", ", names);

        private protected override bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value)
        {
            value = node.String;
            if (node.Kind == SettingsKind.String && names.Contains(node.String!)) return true;
            return Fail(node, errors, AllowedValue, node.Kind == SettingsKind.String ? DidYouMean.Hint(node.String!, names) : "");
        }

        private protected override void WriteValue(Utf8JsonWriter writer, object value) => writer.WriteStringValue((string)value);
        private protected override JsonObject ValueSchema() => new() { ["enum"] = new JsonArray(names.Select(n => (JsonNode?)n).ToArray()) };
    }

    private sealed class EnumType(Type type, bool nullable) : SettingType(nullable)
    {
        private protected override string AllowedValue => "one of: " + string.Join(", ", EnumNames.Of(type));

        private protected override bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value)
        {
            value = null;
            if (node.Kind == SettingsKind.String && EnumNames.TryParse(type, node.String!, out value)) return true;
            return Fail(node, errors, AllowedValue, node.Kind == SettingsKind.String ? DidYouMean.Hint(node.String!, EnumNames.Of(type)) : "");
        }

        private protected override void WriteValue(Utf8JsonWriter writer, object value) => writer.WriteStringValue(EnumNames.Name(type, value));
        private protected override JsonObject ValueSchema() => new() { ["enum"] = new JsonArray(EnumNames.Of(type).Select(n => (JsonNode?)n).ToArray()) };
    }

    private sealed class ListType(SettingType item, bool nonEmpty, bool distinct, bool nullable) : SettingType(nullable)
    {
        private protected override string AllowedValue =>
            $"{(nonEmpty ? "a non-empty" : "an")} array{(distinct ? " without repeats" : "")} of {item.AllowedValue}";

        private protected override bool TryReadValue(SettingsNode node, SettingsErrors errors, out object? value)
        {
            value = null;
            if (node.Kind != SettingsKind.Array || (nonEmpty && node.Items.Count == 0)) return Fail(node, errors, AllowedValue);
            var items = new List<object?>();
            bool ok = true;
            foreach (var child in node.Items)
            {
                if (!item.TryRead(child, errors, out object? v)) { ok = false; continue; }
                if (distinct && items.Any(x => item.ValueEquals(x, v)))
                {
                    errors.Add(child, $"{child.Describe()} is repeated; list each value once");
                    ok = false;
                    continue;
                }
                items.Add(v);
            }
            value = items;
            return ok;
        }

        private protected override void WriteValue(Utf8JsonWriter writer, object value)
        {
            writer.WriteStartArray();
            foreach (var v in (IEnumerable<object?>)value) item.Write(writer, v);
            writer.WriteEndArray();
        }

        public override bool IsList => true;

        public override string Format(object? value) =>
            value is IEnumerable<object?> items ? string.Join("+", items.Select(item.Format)) : base.Format(value);

        public override bool ValueEquals(object? a, object? b) =>
            a is IEnumerable<object?> x && b is IEnumerable<object?> y ? x.SequenceEqual(y, new Comparer(item)) : Equals(a, b);

        private protected override JsonObject ValueSchema()
        {
            var s = new JsonObject { ["type"] = "array", ["items"] = item.Schema() };
            if (nonEmpty) s["minItems"] = 1;
            if (distinct) s["uniqueItems"] = true;
            return s;
        }

        private sealed class Comparer(SettingType type) : IEqualityComparer<object?>
        {
            public new bool Equals(object? x, object? y) => type.ValueEquals(x, y);
            public int GetHashCode(object? obj) => 0;
        }
    }
}

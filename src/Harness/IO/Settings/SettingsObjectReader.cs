namespace Ablation.Harness.IO.Settings;

/// <summary>
/// Typed, strict reading of one JSON object of a settings file. Every getter names a key it knows; a bad value
/// adds an error (path, line:column, what is allowed) and returns the fallback so reading goes on and all problems
/// are found in one pass. <see cref="RejectUnknownKeys"/> then reports every key no getter asked for, with a
/// "did you mean" hint. Call <see cref="SettingsErrors.ThrowIfAny"/> when the whole file is read.
/// </summary>
public sealed class SettingsObjectReader
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="node"/>, which must be an object (else one error, and every key reads as absent).</summary>
    public SettingsObjectReader(SettingsNode node, SettingsErrors errors)
    {
        Node = node;
        Errors = errors;
        IsObject = node.Kind == SettingsKind.Object;
        if (!IsObject)
            errors.Add(node, $"{node.Describe()} is not allowed; expected an object {{ ... }}");
    }

    public SettingsNode Node { get; }
    public SettingsErrors Errors { get; }
    public bool IsObject { get; }

    /// <summary>The keys the getters have asked for so far.</summary>
    public IReadOnlyCollection<string> KnownKeys => _known;

    /// <summary>Declares <paramref name="key"/> known and returns its value node (null when absent).</summary>
    public SettingsNode? Get(string key)
    {
        _known.Add(key);
        return IsObject ? Node[key] : null;
    }

    /// <summary>Declares keys known without reading them (read elsewhere, or deliberately ignored).</summary>
    public void Known(params string[] keys)
    {
        foreach (var key in keys) _known.Add(key);
    }

    /// <summary>
    /// The value of <paramref name="key"/> as <paramref name="type"/>; <paramref name="fallback"/> when absent or bad.
    /// A missing <paramref name="required"/> key is an error.
    /// </summary>
    public object? Value(string key, SettingType type, object? fallback = null, bool required = false)
    {
        var node = Get(key);
        if (node == null)
        {
            if (required && IsObject) Missing(key, type.Allowed);
            return fallback;
        }
        return type.TryRead(node, Errors, out object? value) ? value : fallback;
    }

    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue, bool required = false) =>
        (int)Value(key, SettingType.Int(min, max), fallback, required)!;

    public int? OptionalInt(string key, int min = int.MinValue, int max = int.MaxValue) =>
        (int?)Value(key, SettingType.Int(min, max, nullable: true));

    public double Double(string key, double fallback, double? min = null, bool minExclusive = false, double? max = null,
        bool maxExclusive = false, bool required = false) =>
        (double)Value(key, SettingType.Double(min, minExclusive, max, maxExclusive), fallback, required)!;

    public bool Bool(string key, bool fallback) => (bool)Value(key, SettingType.Bool(), fallback)!;

    public string String(string key, string fallback, string description = "a non-empty string", bool required = false) =>
        (string)Value(key, SettingType.String(description), fallback, required)!;

    public string? OptionalString(string key, string description = "a non-empty string") =>
        (string?)Value(key, SettingType.String(description, nullable: true));

    public string OneOf(string key, IReadOnlyList<string> names, string fallback, bool required = false) =>
        (string)Value(key, SettingType.OneOf(names), fallback, required)!;

    public T Enum<T>(string key, T fallback, bool required = false) where T : struct, Enum =>
        (T)Value(key, SettingType.Enum<T>(), fallback, required)!;

    /// <summary>A nested object (an empty reader when absent; a missing <paramref name="required"/> one is an error).</summary>
    public SettingsObjectReader? Object(string key, bool required = false)
    {
        var node = Get(key);
        if (node == null)
        {
            if (required && IsObject) Missing(key, "an object { ... }");
            return null;
        }
        return new SettingsObjectReader(node, Errors);
    }

    /// <summary>The items of an array value (null when absent or not an array; the latter is an error).</summary>
    public IReadOnlyList<SettingsNode>? Array(string key, bool nonEmpty = false, bool required = false)
    {
        var node = Get(key);
        if (node == null)
        {
            if (required && IsObject) Missing(key, "an array [ ... ]");
            return null;
        }
        if (node.Kind != SettingsKind.Array || (nonEmpty && node.Items.Count == 0))
        {
            Errors.Add(node, $"{node.Describe()} is not allowed; expected {(nonEmpty ? "a non-empty array" : "an array")} [ ... ]");
            return null;
        }
        return node.Items;
    }

    /// <summary>Reports a missing key at the object's position.</summary>
    public void Missing(string key, string expected) =>
        Errors.Add(new SettingsError(Node.Source, Node.Line, Node.Column, SettingsNode.ChildPath(Node.Path, key),
            $"is missing; add \"{key}\": {expected}"));

    /// <summary>Adds an error for every key of the object that is not known, naming the known ones.</summary>
    public void RejectUnknownKeys(string? where = null)
    {
        if (!IsObject) return;
        foreach (var property in Node.Properties)
            if (!_known.Contains(property.Name))
                Errors.Add(UnknownKey(property, _known, where));
    }

    /// <summary>The error for an unknown key: hint first (the likely fix), then the full list of allowed keys.</summary>
    public static SettingsError UnknownKey(SettingsProperty property, IEnumerable<string> allowed, string? where = null)
    {
        var list = allowed.ToList();
        return new SettingsError(property.Value.Source, property.Line, property.Column, property.Value.Path,
            $"unknown key \"{property.Name}\"{DidYouMean.Hint(property.Name, list)}; allowed{(where == null ? "" : " in " + where)}: {Summarize(list)}");
    }

    /// <summary>
    /// A list of allowed keys short enough to read: up to 20 in full; beyond that, dotted keys are grouped by their
    /// first part (<c>contrastive.*</c>).
    /// </summary>
    public static string Summarize(IReadOnlyList<string> keys)
    {
        if (keys.Count <= 20) return string.Join(", ", keys);
        var parts = new List<string>();
        foreach (var key in keys)
        {
            int dot = key.IndexOf('.');
            string part = dot < 0 ? key : key[..dot] + ".*";
            if (!parts.Contains(part) && !(dot < 0 && keys.Any(k => k.StartsWith(key + ".", StringComparison.Ordinal)))) parts.Add(part);
        }
        return string.Join(", ", parts);
    }
}

using Ablation.Harness.IO.Settings;

namespace Ablation.Harness.Cli;

/// <summary>
/// A closed set of names a command-line option accepts, each standing for one value. The listed names come from one
/// source (an enum's members, or a name table such as <c>PoolingHeads.Names</c>), so the option's help, its
/// completions and its error messages list the same names and cannot drift from the code that uses them.
/// </summary>
/// <remarks>
/// Matching ignores case and surrounding blanks. A fallback parser may accept further spellings (statsmodels'
/// <c>fdr_bh</c> for <c>bh</c>) that are not listed.
/// </remarks>
public sealed class ChoiceSet<T>
{
    private readonly (string Name, T Value)[] _choices;
    private readonly Func<string, T>? _fallback;

    internal ChoiceSet(IEnumerable<(string Name, T Value)> choices, Func<string, T>? fallback)
    {
        _choices = choices.ToArray();
        if (_choices.Length == 0) throw new ArgumentException("a choice set needs at least one name", nameof(choices));
        var duplicate = _choices.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null) throw new ArgumentException($"the name '{duplicate.Key}' stands for two values", nameof(choices));
        _fallback = fallback;
        Names = _choices.Select(c => c.Name).ToArray();
    }

    /// <summary>The names listed in help and errors, in the source's order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The names joined for a message: <c>bonferroni, holm, hochberg</c>.</summary>
    public string List => string.Join(", ", Names);

    /// <summary>Finds the value a name (or a spelling the fallback parser knows) stands for.</summary>
    public bool TryParse(string text, out T value)
    {
        string name = text.Trim();
        foreach (var choice in _choices)
            if (string.Equals(choice.Name, name, StringComparison.OrdinalIgnoreCase)) { value = choice.Value; return true; }
        if (_fallback != null)
        {
            // The fallback is an existing parser that signals an unknown name by throwing; only that is caught.
            try { value = _fallback(name); return true; }
            catch (Exception e) when (e is ArgumentException or FormatException) { }
        }
        value = default!;
        return false;
    }

    /// <summary>The value of a name this set produced or accepts; anything else is a bug in the caller.</summary>
    public T Parse(string name) =>
        TryParse(name, out var value) ? value : throw new InvalidOperationException($"'{name}' is not one of {List}");

    /// <summary>The listed name of <paramref name="value"/>.</summary>
    public string NameOf(T value)
    {
        foreach (var choice in _choices)
            if (EqualityComparer<T>.Default.Equals(choice.Value, value)) return choice.Name;
        throw new ArgumentOutOfRangeException(nameof(value), $"{value} has no name in this choice set ({List})");
    }

    /// <summary>
    /// The one message format for an unknown value of any closed-set option:
    /// <c>--correction: unknown value 'hom'; did you mean 'holm'? allowed: bonferroni, holm, ...</c>.
    /// </summary>
    public string UnknownValue(string option, string given)
    {
        string hint = DidYouMean.Suggest(given.Trim(), Names) is { } suggestion ? $"did you mean '{suggestion}'? " : "";
        return $"{option}: unknown value '{given}'; {hint}allowed: {List}";
    }
}

/// <summary>Builds <see cref="ChoiceSet{T}"/>s from their one source.</summary>
public static class ChoiceSet
{
    /// <summary>
    /// Every member of <typeparamref name="T"/> (except <paramref name="except"/>), named as in the settings files
    /// (<see cref="EnumNames"/>) unless <paramref name="name"/> gives the established spelling of that set (scipy's,
    /// statsmodels'). Because the members are enumerated, a new member is listed (or, without a name, fails at start-up).
    /// </summary>
    public static ChoiceSet<T> Of<T>(Func<T, string>? name = null, Func<string, T>? fallback = null, params T[] except) where T : struct, Enum =>
        new(Enum.GetValues<T>().Where(v => !except.Contains(v)).Select(v => (name?.Invoke(v) ?? EnumNames.Name(v), v)), fallback);

    /// <summary>A set of plain names (each name is its own value).</summary>
    public static ChoiceSet<string> Of(IEnumerable<string> names) => new(names.Select(n => (n, n)), null);
}

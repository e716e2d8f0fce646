
namespace Ablation.Harness.IO.Settings;

/// <summary>
/// Collects every problem of a settings file, so that the user sees them all at once instead of fixing one per run;
/// <see cref="ThrowIfAny"/> turns them into one <see cref="UserInputException"/>.
/// </summary>
public sealed class SettingsErrors
{
    private readonly List<SettingsError> _errors = [];

    public IReadOnlyList<SettingsError> All => _errors;
    public int Count => _errors.Count;

    public void Add(SettingsError error)
    {
        if (!_errors.Contains(error)) _errors.Add(error);
    }

    /// <summary>A problem with the value <paramref name="node"/>.</summary>
    public void Add(SettingsNode node, string message) =>
        Add(new SettingsError(node.Source, node.Line, node.Column, node.Path, message));

    /// <summary>
    /// Throws when anything was collected. One error is the whole message; several give a first line that counts
    /// them, then one line each, in file order.
    /// </summary>
    public void ThrowIfAny()
    {
        if (_errors.Count == 0) return;
        throw new UserInputException(Format(_errors));
    }

    /// <summary>The message <see cref="ThrowIfAny"/> would throw.</summary>
    public static string Format(IReadOnlyList<SettingsError> errors)
    {
        var sorted = errors.OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Column).ToList();
        if (sorted.Count == 1) return sorted[0].ToString();
        string sources = string.Join(", ", sorted.Select(e => e.Source).Distinct());
        return $"{sources}: {sorted.Count} problems:\n" + string.Join("\n", sorted.Select(e => "  " + e));
    }
}

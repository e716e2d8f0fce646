
namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// Maps a <c>--suite</c> argument to a folder: a built-in name (<see cref="NamedResources.Suites"/>, e.g.
/// <c>builtin:default</c>, whose folder is built on first use), a name added with <see cref="Register"/> (tests,
/// plug-ins), or a path.
/// </summary>
public static class SuiteLocator
{
    // Replaced whole on Register (copy on write), so a lookup never sees a table being changed.
    private static System.Collections.Immutable.ImmutableDictionary<string, Func<string>> _registered =
        System.Collections.Immutable.ImmutableDictionary.Create<string, Func<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds (or replaces) a named suite; <paramref name="ensureFolder"/> returns its folder, building it if needed.</summary>
    public static void Register(string name, Func<string> ensureFolder) =>
        System.Collections.Immutable.ImmutableInterlocked.AddOrUpdate(ref _registered, name, ensureFolder, (_, _) => ensureFolder);

    /// <summary>Built-in and registered names.</summary>
    public static IReadOnlyList<string> Names =>
        NamedResources.Suites.Keys.Concat(Volatile.Read(ref _registered).Keys).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();

    /// <summary>The folder for <paramref name="suite"/>: a built-in or registered name, else an existing folder.</summary>
    public static string Resolve(string suite)
    {
        if (NamedResources.Suites.TryGetValue(suite, out var ensure) || Volatile.Read(ref _registered).TryGetValue(suite, out ensure))
            return ensure();
        if (Directory.Exists(suite)) return Path.GetFullPath(suite);
        string known = Names.Count == 0 ? "none registered" : string.Join(", ", Names);
        throw new UserInputException(
            $"suite '{suite}' is neither a registered name ({known}) nor an existing folder; pass a folder with suite.json");
    }
}

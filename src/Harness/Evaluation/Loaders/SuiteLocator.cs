using Ablation.Harness.Cli;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// Maps a <c>--suite</c> argument to a folder: registered names (e.g. <c>builtin:default</c>, whose folder is
/// built on first use) or a path. Registering a name is one line, for example
/// <c>SuiteLocator.Register("builtin:default", BuiltinData.EnsureBuilt);</c>.
/// </summary>
public static class SuiteLocator
{
    private static readonly Dictionary<string, Func<string>> Registered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds (or replaces) a named suite; <paramref name="ensureFolder"/> returns its folder, building it if needed.</summary>
    public static void Register(string name, Func<string> ensureFolder)
    {
        lock (Registered) Registered[name] = ensureFolder;
    }

    /// <summary>Names registered so far.</summary>
    public static IReadOnlyList<string> Names
    {
        get { lock (Registered) return Registered.Keys.Order(StringComparer.Ordinal).ToList(); }
    }

    /// <summary>The folder for <paramref name="suite"/>: a registered name, else an existing folder.</summary>
    public static string Resolve(string suite)
    {
        Func<string>? ensure;
        lock (Registered) Registered.TryGetValue(suite, out ensure);
        if (ensure != null) return ensure();
        if (Directory.Exists(suite)) return Path.GetFullPath(suite);
        string known = Names.Count == 0 ? "none registered" : string.Join(", ", Names);
        throw new UserInputException(
            $"suite '{suite}' is neither a registered name ({known}) nor an existing folder; pass a folder with suite.json");
    }
}

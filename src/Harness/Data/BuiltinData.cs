using System.Security.Cryptography;
using System.Text;
using Ablation.Harness.IO;

namespace Ablation.Harness.Data;

/// <summary>
/// The built-in data behind <c>builtin:default</c> (evaluation suite) and <c>builtin:wordnet-pairs</c> (training
/// pairs). It is built once into the cache, in a folder keyed by the recipe (recipe version, options and the
/// SHA-256 of every input file), and reused afterwards; a changed package or recipe gets a new folder.
/// </summary>
public static class BuiltinData
{
    /// <summary>Builds the full recipe into the cache unless it is already there, and returns its paths.</summary>
    public static BuiltinDataPaths EnsureBuilt(Action<string>? log = null) =>
        EnsureBuilt(BuiltinDataSources.Debian, BuildOptions.Full, log);

    public static BuiltinDataPaths EnsureBuilt(BuiltinDataSources sources, BuildOptions options, Action<string>? log = null)
    {
        sources.Validate();
        string folder = CachePaths.Folder("builtin-data", RecipeKey(sources, options));
        var paths = new BuiltinDataPaths(folder);
        if (File.Exists(paths.ManifestPath)) return paths; // the manifest is written last, so its presence means complete

        log?.Invoke($"building the built-in data into {folder} (not in the cache yet; this happens once per recipe and package version)");
        StagingFolder.Build(folder, staging => BuiltinDataBuilder.Build(staging, sources, options, log),
            isComplete: f => File.Exists(new BuiltinDataPaths(f).ManifestPath), log: log);
        return paths;
    }

    /// <summary>A short hash of everything the output depends on.</summary>
    public static string RecipeKey(BuiltinDataSources sources, BuildOptions options)
    {
        var text = new StringBuilder();
        text.Append(BuiltinDataBuilder.RecipeVersion).Append('\n').Append(options).Append('\n');
        foreach (string input in sources.InputFiles(options.IncludeGcide))
            text.Append(Path.GetFileName(input)).Append(' ').Append(BuiltinDataBuilder.Sha256(input)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}

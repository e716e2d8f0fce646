namespace Ablation.Harness.IO;

/// <summary>
/// Where the harness keeps things it can rebuild: the built-in data, the tiny base model, embedding caches.
/// The root is <c>$ABLATION_CACHE_DIR</c> if set, else <c>$XDG_CACHE_HOME/ablation</c>, else
/// <c>~/.cache/ablation</c>. Everything below it is keyed by recipe or content, so deleting it only costs time.
/// </summary>
public static class CachePaths
{
    /// <summary>The cache root (created on first use by whoever writes into it).</summary>
    public static string Root
    {
        get
        {
            string? explicitRoot = Environment.GetEnvironmentVariable("ABLATION_CACHE_DIR");
            if (!string.IsNullOrWhiteSpace(explicitRoot)) return Path.GetFullPath(explicitRoot);
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string baseFolder = !string.IsNullOrWhiteSpace(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(baseFolder, "ablation");
        }
    }

    /// <summary>A folder under the cache root, e.g. <c>Folder("builtin-data", "v1")</c>.</summary>
    public static string Folder(params string[] parts) => Path.Combine([Root, .. parts]);
}

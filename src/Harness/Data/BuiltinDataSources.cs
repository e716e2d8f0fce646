namespace Ablation.Harness.Data;

/// <summary>
/// Where the Debian packages put the source files: WordNet 3.0 (<c>wordnet-base</c>), FOLDOC
/// (<c>dict-foldoc</c>) and GCIDE (<c>dict-gcide</c>, optional, pretraining text only).
/// </summary>
public sealed record BuiltinDataSources(string WordNetFolder, string FoldocIndex, string? GcideIndex)
{
    public static BuiltinDataSources Debian { get; } =
        new("/usr/share/wordnet", "/usr/share/dictd/foldoc.index", "/usr/share/dictd/gcide.index");

    /// <summary>Throws a clear error when a required package is missing.</summary>
    public void Validate()
    {
        if (!File.Exists(Path.Combine(WordNetFolder, "data.noun")))
            throw new FileNotFoundException($"WordNet 3.0 not found: {Path.Combine(WordNetFolder, "data.noun")} does not exist; install the Debian package wordnet-base (scripts/install-deps)");
        if (!File.Exists(FoldocIndex))
            throw new FileNotFoundException($"FOLDOC not found: {FoldocIndex} does not exist; install the Debian package dict-foldoc (scripts/install-deps)");
    }

    /// <summary>The GCIDE index if it is configured and installed, else null (pretraining then uses WordNet and FOLDOC only).</summary>
    public string? AvailableGcide => GcideIndex is not null && File.Exists(GcideIndex) ? GcideIndex : null;

    /// <summary>Every input file read by a build, for the manifest.</summary>
    public IEnumerable<string> InputFiles(bool includeGcide)
    {
        foreach (string name in WordNet.WordNetDatabase.DataFileNames) yield return Path.Combine(WordNetFolder, name);
        yield return FoldocIndex;
        yield return DictFile(FoldocIndex);
        if (includeGcide && AvailableGcide is { } gcide)
        {
            yield return gcide;
            yield return DictFile(gcide);
        }
    }

    private static string DictFile(string index)
    {
        string stem = index[..^".index".Length];
        return File.Exists(stem + ".dict") ? stem + ".dict" : stem + ".dict.dz";
    }
}

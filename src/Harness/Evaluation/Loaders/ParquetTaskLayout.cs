using System.Text.RegularExpressions;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// Finds a task's data in the Parquet layout of MTEB's Hugging Face datasets when the task folder has no
/// <c>files</c> entry and no <c>&lt;split&gt;.jsonl|csv|tsv</c> for a role. A dataset config is a sub-folder, a
/// split is one or more files in it:
/// <list type="bullet">
/// <item>retrieval: <c>corpus/</c>, <c>queries/</c> (or <c>query/</c>), qrels in <c>default/</c> (or <c>qrels/</c>);
/// when the task's split is missing from one of these configs and the config has exactly one split, that one is used
/// (MTEB's rule: the corpus split is often called <c>corpus</c>);</item>
/// <item>every other role (<c>test</c>, <c>train</c>, ...): <c>data/</c>, <c>default/</c>, or the task folder itself;</item>
/// <item>a split is <c>&lt;split&gt;.parquet</c>, the shards <c>&lt;split&gt;-00000-of-00002.parquet</c>, ... (what
/// <c>push_to_hub</c> writes), or <c>&lt;split&gt;/*.parquet</c> (the Hub's parquet conversion,
/// <c>refs/convert/parquet</c>).</item>
/// </list>
/// Several shards come back as a wildcard path (e.g. <c>corpus/corpus-*-of-*.parquet</c>) that
/// <see cref="DataFileReader"/> expands in name order.
/// </summary>
public static class ParquetTaskLayout
{
    private static readonly Regex SplitFile = new(@"^(?<split>.+?)(-\d+-of-\d+(-[0-9a-f]+)?)?\.parquet$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Config folders per role, in the order they are tried.</summary>
    public static IReadOnlyList<string> Configs(string role) => role switch
    {
        "corpus" => ["corpus"],
        "queries" => ["queries", "query"],
        "qrels" => ["default", "qrels"],
        _ => ["data", "default", ""],
    };

    /// <summary>
    /// The Parquet file (or wildcard path over its shards) holding <paramref name="role"/> of the task, or null when
    /// the task folder has none. For corpus, queries and qrels the split is the task's; otherwise <paramref name="stem"/>.
    /// </summary>
    public static string? Find(TaskManifest manifest, string role, string stem)
    {
        bool retrievalPart = role is "corpus" or "queries" or "qrels";
        string split = retrievalPart ? manifest.Split : stem;
        var configs = Configs(role).Select(c => c.Length == 0 ? manifest.Folder : Path.Combine(manifest.Folder, c)).Where(Directory.Exists).ToList();
        foreach (string config in configs)
            if (SplitPath(config, split) is { } found) return found;
        if (!retrievalPart) return null;
        foreach (string config in configs)
        {
            var splits = Splits(config);
            if (splits.Count == 1) return SplitPath(config, splits[0]);
            if (splits.Count > 1)
                throw new UserInputException(
                    $"{config}: has the splits {string.Join(", ", splits)} but not '{split}'; set \"split\" in task.json or declare \"files\": {{\"{role}\": \"<file>\"}}");
        }
        return null;
    }

    /// <summary>The file or wildcard path of <paramref name="split"/> in a config folder, or null.</summary>
    private static string? SplitPath(string config, string split)
    {
        string single = Path.Combine(config, split + ".parquet");
        if (File.Exists(single)) return single;
        var shards = Directory.EnumerateFiles(config, split + "-*.parquet")
            .Where(f => SplitFile.Match(Path.GetFileName(f)) is { Success: true } m && m.Groups["split"].Value == split && m.Groups[1].Success)
            .Order(StringComparer.Ordinal).ToList();
        if (shards.Count == 1) return shards[0];
        if (shards.Count > 1) return Path.Combine(config, split + "-*-of-*.parquet");
        string folder = Path.Combine(config, split);
        if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.parquet").Any()) return Path.Combine(folder, "*.parquet");
        return null;
    }

    /// <summary>The split names present in a config folder (files and sub-folders of Parquet files).</summary>
    private static List<string> Splits(string config)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(config, "*.parquet"))
            if (SplitFile.Match(Path.GetFileName(file)) is { Success: true } m) names.Add(m.Groups["split"].Value);
        foreach (string folder in Directory.EnumerateDirectories(config))
            if (Directory.EnumerateFiles(folder, "*.parquet").Any()) names.Add(Path.GetFileName(folder));
        return names.ToList();
    }
}

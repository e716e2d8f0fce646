using System.Security.Cryptography;
using Ablation.Harness.Data;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// The text a base model is pretrained on: a folder with <c>train.txt</c> and <c>heldout.txt</c>, one document per
/// line (the layout of the built-in corpus, <see cref="BuiltinDataPaths.PretrainingFolder"/>).
/// </summary>
public sealed record PretrainingCorpus(string Folder, string Key)
{
    public string TrainPath => Path.Combine(Folder, "train.txt");

    public string HeldOutPath => Path.Combine(Folder, "heldout.txt");

    /// <summary>
    /// Finds the corpus a recipe names: "builtin" builds the built-in data if needed (its key is the data recipe's
    /// key); a folder is keyed by the SHA-256 of its two files, so edited text never reuses an old model.
    /// </summary>
    public static PretrainingCorpus Resolve(string source, Action<string>? log = null)
    {
        if (source == "builtin")
        {
            var paths = BuiltinData.EnsureBuilt(log);
            return new PretrainingCorpus(paths.PretrainingFolder, "builtin:" + Path.GetFileName(paths.Root));
        }
        var corpus = new PretrainingCorpus(source, "");
        foreach (string file in new[] { corpus.TrainPath, corpus.HeldOutPath })
            if (!File.Exists(file))
                throw new UserInputException($"corpus folder {source} has no {Path.GetFileName(file)}; key 'corpus.source' must be \"builtin\" or a folder with train.txt and heldout.txt (one document per line)");
        return corpus with { Key = "sha256:" + Sha256(corpus.TrainPath)[..16] + "+" + Sha256(corpus.HeldOutPath)[..16] };
    }

    /// <summary>Non-empty lines of <paramref name="path"/>, lazily, at most <paramref name="limit"/> of them.</summary>
    public static IEnumerable<string> Documents(string path, int? limit = null)
    {
        int n = 0;
        foreach (string line in File.ReadLines(path))
        {
            if (limit is { } max && n >= max) yield break;
            if (string.IsNullOrWhiteSpace(line)) continue;
            n++;
            yield return line;
        }
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

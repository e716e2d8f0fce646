using System.Reflection;
using System.Security.Cryptography;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// A pretrained built-in base model that ships with the harness (its files embedded in the assembly, committed under
/// <c>experiments/base/&lt;name&gt;/</c> beside the recipe that reproduces it), so a base that takes longer to pretrain
/// than a quickstart can afford is available at once. It is used only when it is exactly what the recipe would
/// build here: its <c>pretraining.json</c> names the same recipe hash (recipe + corpus key), and every file matches
/// the SHA-256 listed in its <c>SHA256SUMS</c>. Otherwise the caller pretrains from the recipe, and is told why.
/// </summary>
public sealed class ShippedBaseModel
{
    public const string ChecksumFile = "SHA256SUMS";

    private readonly string _description;
    private readonly Func<string, Stream?> _open;

    /// <param name="description">Where the files come from, for messages.</param>
    /// <param name="open">Opens one shipped file by name; null when it is not there.</param>
    public ShippedBaseModel(string description, Func<string, Stream?> open)
    {
        _description = description;
        _open = open;
    }

    /// <summary>The model embedded in the harness under the resource prefix <paramref name="prefix"/> (e.g. <c>experiments/base/tiny-long/</c>).</summary>
    public static ShippedBaseModel Embedded(string prefix)
    {
        var assembly = Assembly.GetExecutingAssembly();
        return new ShippedBaseModel($"the shipped {prefix.TrimEnd('/')}", file => assembly.GetManifestResourceStream(prefix + file));
    }

    /// <summary>The model in a folder (tests, and checking a folder before it is committed).</summary>
    public static ShippedBaseModel InFolder(string folder) =>
        new(folder, file => File.Exists(Path.Combine(folder, file)) ? File.OpenRead(Path.Combine(folder, file)) : null);

    /// <summary>
    /// Copies the shipped files into <paramref name="staging"/> when they are the model of <paramref name="recipeHash"/>
    /// and intact; returns false (staging left empty, the reason logged) when they are missing, of another recipe or
    /// corpus, or damaged.
    /// </summary>
    public bool TryUnpack(string recipeHash, string staging, Action<string>? log = null)
    {
        var sums = ReadChecksums();
        if (sums is null)
        {
            log?.Invoke($"{_description} is not in this build ({ChecksumFile} missing)");
            return false;
        }
        if (!sums.ContainsKey("pretraining.json") || !sums.ContainsKey("model.safetensors"))
        {
            log?.Invoke($"{_description}: {ChecksumFile} does not list pretraining.json and model.safetensors; not used");
            return false;
        }
        foreach (var (file, expected) in sums)
        {
            string target = Path.Combine(staging, file);
            using (var source = _open(file))
            {
                if (source is null) return Reject(staging, log, $"{file} listed in {ChecksumFile} is missing");
                using var output = File.Create(target);
                source.CopyTo(output);
            }
            string actual;
            using (var written = File.OpenRead(target)) actual = Convert.ToHexStringLower(SHA256.HashData(written));
            if (actual != expected)
                return Reject(staging, log, $"{file} has SHA-256 {actual[..12]}…, {ChecksumFile} says {expected[..12]}… (damaged)");
        }
        string shippedHash = PretrainingResult.Load(staging).RecipeHash;
        if (shippedHash != recipeHash)
            return Reject(staging, log, $"it was pretrained from recipe hash {shippedHash}, this recipe and corpus give {recipeHash} (a changed recipe or different built-in data)");
        log?.Invoke($"using {_description} (recipe hash {recipeHash}, {sums.Count} files, SHA-256 checked)");
        return true;
    }

    /// <summary>File name → lower-case hex SHA-256, from the <c>sha256sum</c>-format checksum file; null when absent.</summary>
    private Dictionary<string, string>? ReadChecksums()
    {
        using var stream = _open(ChecksumFile);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            // "<64 hex>  <name>" (two spaces, or " *" for binary mode, as sha256sum writes).
            if (line.Length < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*'))
                throw new InvalidDataException($"{_description}/{ChecksumFile} line {lineNumber}: expected \"<sha256>  <file>\", got \"{line}\"");
            string name = line[66..];
            if (name.Contains('/') || name.Contains('\\') || name is "." or "..")
                throw new InvalidDataException($"{_description}/{ChecksumFile} line {lineNumber}: \"{name}\" is not a plain file name");
            sums[name] = line[..64].ToLowerInvariant();
        }
        return sums;
    }

    private bool Reject(string staging, Action<string>? log, string reason)
    {
        foreach (var file in Directory.EnumerateFiles(staging)) File.Delete(file);
        log?.Invoke($"{_description} not used: {reason}; pretraining from the recipe instead");
        return false;
    }
}

using System.Reflection;
using Ablation.Harness.IO;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Names a grid file may give as its base model. The built-in ones are Llama-architecture LMs pretrained from
/// scratch on the built-in corpus by a recipe in <c>experiments/base/</c> (embedded in the harness):
/// <c>builtin:tiny-base</c> (tiny.json, ≈ 2 min) and <c>builtin:tiny-base-long</c> (tiny-long.json, the same
/// architecture trained on 15× the tokens, ≈ 25 min; its weights ship with the harness, see
/// <see cref="ShippedBaseModel"/>). A built-in model lives in the cache under a folder keyed by the recipe hash, is
/// built (or unpacked) on first use and reused afterwards. Any other value is a Hugging Face checkpoint folder.
/// </summary>
public static class BaseModels
{
    public const string TinyBase = "builtin:tiny-base";
    public const string TinyBaseLong = "builtin:tiny-base-long";

    /// <summary>A built-in base model: its recipe (an embedded resource) and, when its weights ship, their resource prefix.</summary>
    private sealed record Builtin(string Recipe, string? ShippedPrefix);

    private static readonly IReadOnlyDictionary<string, Builtin> Builtins = new Dictionary<string, Builtin>(StringComparer.Ordinal)
    {
        [TinyBase] = new("experiments/base/tiny.json", null),
        [TinyBaseLong] = new("experiments/base/tiny-long.json", "experiments/base/tiny-long/"),
    };

    /// <summary>The built-in base model names, in a fixed order (for messages and the named-resource table).</summary>
    public static IReadOnlyList<string> BuiltinNames { get; } = [TinyBase, TinyBaseLong];

    public static bool IsBuiltin(string model) => Builtins.ContainsKey(model);

    /// <summary>The checkpoint folder for <paramref name="model"/>, pretraining (or unpacking) a built-in model if it is not cached.</summary>
    public static string Resolve(string model, Action<string>? log = null, Action<PretrainingStep>? onStep = null)
    {
        if (Builtins.TryGetValue(model, out var builtin))
        {
            var shipped = builtin.ShippedPrefix is null ? null : ShippedBaseModel.Embedded(builtin.ShippedPrefix);
            return EnsureBuilt(Recipe(model), log: log, onStep: onStep, shipped: shipped).Folder;
        }
        string known = string.Join(" or ", BuiltinNames);
        if (model.StartsWith("builtin:", StringComparison.Ordinal))
            throw new UserInputException($"unknown built-in base model \"{model}\"; the built-in ones are {known}, otherwise give a Hugging Face checkpoint folder");
        if (!File.Exists(Path.Combine(model, "config.json")))
            throw new UserInputException($"base model \"{model}\" is neither {known} nor a folder with config.json (a Hugging Face checkpoint)");
        return Path.GetFullPath(model);
    }

    /// <summary>The recipe of <c>builtin:tiny-base</c>: experiments/base/tiny.json as compiled into the harness.</summary>
    public static PretrainingRecipe TinyRecipe() => Recipe(TinyBase);

    /// <summary>The recipe of a built-in base model (see <see cref="BuiltinNames"/>), as compiled into the harness.</summary>
    public static PretrainingRecipe Recipe(string builtinName)
    {
        if (!Builtins.TryGetValue(builtinName, out var builtin))
            throw new ArgumentException($"{builtinName} is not a built-in base model", nameof(builtinName));
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(builtin.Recipe)
            ?? throw new InvalidOperationException($"the harness was built without the embedded {builtin.Recipe}");
        using var reader = new StreamReader(stream);
        return PretrainingRecipeReader.Parse(reader.ReadToEnd(), builtin.Recipe, Environment.CurrentDirectory);
    }

    /// <summary>The cache folder a recipe's model lives in.</summary>
    public static string CacheFolder(PretrainingRecipe recipe, PretrainingCorpus corpus) =>
        CachePaths.Folder("base-models", $"{recipe.Name}-{recipe.Hash(corpus.Key)}");

    /// <summary>
    /// Returns the model of <paramref name="recipe"/>, training it unless <paramref name="outFolder"/> (default: the
    /// cache folder) already holds it. Training happens in a staging folder beside the target that is renamed into
    /// place at the end, so an interrupted run never leaves a half-written model. <paramref name="force"/> retrains.
    /// </summary>
    public static PretrainingResult EnsureBuilt(PretrainingRecipe recipe, string? outFolder = null, bool force = false,
        Action<string>? log = null, Action<PretrainingStep>? onStep = null, ShippedBaseModel? shipped = null)
    {
        var corpus = PretrainingCorpus.Resolve(recipe.CorpusSource, log);
        string folder = Path.GetFullPath(outFolder ?? CacheFolder(recipe, corpus));
        string hash = recipe.Hash(corpus.Key);
        string summary = Path.Combine(folder, "pretraining.json");
        if (!force && File.Exists(summary))
        {
            var existing = PretrainingResult.Load(folder);
            if (existing.RecipeHash == hash) return existing with { Reused = true };
            throw new UserInputException($"{folder} holds a model of a different recipe (hash {existing.RecipeHash}, this one {hash}); pass --force to replace it or choose another --out");
        }
        if (!force && Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new UserInputException($"{folder} exists and is not a pretrained model; pass --force to replace it or choose another --out");

        log?.Invoke(shipped is not null && !force
            ? $"{recipe.Name} is not in {folder} yet: unpacking the shipped model if it matches this recipe, else pretraining it"
            : $"pretraining {recipe.Name} into {folder} ({(force ? "--force" : "not built yet")})");
        var result = StagingFolder.Build(folder, staging =>
                shipped is not null && !force && shipped.TryUnpack(hash, staging, log)
                    ? PretrainingResult.Load(staging) with { Reused = true }
                    : new Pretrainer(recipe, corpus, log) { OnStep = onStep }.Run(staging),
            replace: true, log: log);
        return result with { Folder = folder };
    }
}

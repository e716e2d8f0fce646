using System.Reflection;
using Ablation.Harness.IO;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Names a grid file may give as its base model. <c>builtin:tiny-base</c> is the Llama-architecture LM pretrained
/// by <c>experiments/base/tiny.json</c> (embedded in the harness); it lives in the cache under a folder keyed by the
/// recipe hash, is built on first use and reused afterwards. Any other value is a Hugging Face checkpoint folder.
/// </summary>
public static class BaseModels
{
    public const string TinyBase = "builtin:tiny-base";

    /// <summary>The checkpoint folder for <paramref name="model"/>, pretraining the built-in model if it is not cached.</summary>
    public static string Resolve(string model, Action<string>? log = null, Action<PretrainingStep>? onStep = null)
    {
        if (model == TinyBase) return EnsureBuilt(TinyRecipe(), log: log, onStep: onStep).Folder;
        if (model.StartsWith("builtin:", StringComparison.Ordinal))
            throw new UserInputException($"unknown built-in base model \"{model}\"; the built-in one is {TinyBase}, otherwise give a Hugging Face checkpoint folder");
        if (!File.Exists(Path.Combine(model, "config.json")))
            throw new UserInputException($"base model \"{model}\" is neither {TinyBase} nor a folder with config.json (a Hugging Face checkpoint)");
        return Path.GetFullPath(model);
    }

    /// <summary>The recipe of <c>builtin:tiny-base</c>: experiments/base/tiny.json as compiled into the harness.</summary>
    public static PretrainingRecipe TinyRecipe()
    {
        const string name = "experiments/base/tiny.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the harness was built without the embedded {name}");
        using var reader = new StreamReader(stream);
        return PretrainingRecipeReader.Parse(reader.ReadToEnd(), name, Environment.CurrentDirectory);
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
        Action<string>? log = null, Action<PretrainingStep>? onStep = null)
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

        log?.Invoke($"pretraining {recipe.Name} into {folder} ({(force ? "--force" : "not built yet")})");
        var result = StagingFolder.Build(folder, staging => new Pretrainer(recipe, corpus, log) { OnStep = onStep }.Run(staging),
            replace: true, log: log);
        return result with { Folder = folder };
    }
}

using System.Collections.Frozen;
using System.Collections.Immutable;
using Ablation.Harness.Data;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Pretraining;

namespace Ablation.Harness;

/// <summary>
/// Every built-in name the command line accepts, in one immutable table: suites (<c>builtin:default</c>), base
/// models (<c>builtin:tiny-base</c>) and encoder factories (LLM model folders, <c>builtin:bow-hash</c>). The tables
/// are fixed when the type loads, whoever touches it first (the CLI, a test, a grid cell), so nothing depends on
/// a static constructor having run, and cells resolving names side by side see the same, unchangeable tables.
/// Adding a name is one line here.
/// </summary>
public static class NamedResources
{
    /// <summary>Named suites → their folder (built on first use).</summary>
    public static FrozenDictionary<string, Func<string>> Suites { get; } = new Dictionary<string, Func<string>>
    {
        ["builtin:default"] = () => BuiltinData.EnsureBuilt().SuiteFolder,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Named base models → their checkpoint folder (pretrained on first use).</summary>
    public static FrozenDictionary<string, Func<string>> BaseModelFolders { get; } = BaseModels.BuiltinNames
        .ToFrozenDictionary(name => name, name => (Func<string>)(() => BaseModels.Resolve(name)), StringComparer.Ordinal);

    /// <summary>Encoder factories, tried in order; each returns an encoder for a model string, or null when it is not its kind.</summary>
    public static ImmutableArray<Func<string, ITextEncoder?>> EncoderFactories { get; } =
        [EmbeddingModelEncoder.TryCreate, BowHashEncoder.TryCreate];

    /// <summary>The folder of a named base model, or null when <paramref name="name"/> is not one.</summary>
    public static string? BaseModelFolder(string name) => BaseModelFolders.TryGetValue(name, out var resolve) ? resolve() : null;
}

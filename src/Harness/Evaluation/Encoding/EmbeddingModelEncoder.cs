using Ablation.Harness.IO.Settings;
using System.Globalization;
using System.Text;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Pooling;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// Evaluates the LLM <see cref="EmbeddingModel"/>: a Hugging Face checkpoint folder, a trained model folder
/// (<c>embedding_config.json</c>, directly or under <c>checkpoint/</c>) or a named base model such as
/// <c>builtin:tiny-base</c>. Options ride on the model string after <c>#</c>, e.g.
/// <c>builtin:tiny-base#attention=bidirectional,pooling=mean</c>, so one string names one encoder everywhere
/// (command line, cache key, result files).
/// </summary>
public sealed class EmbeddingModelEncoder : ITextEncoder, IDisposable
{
    /// <summary>Named base models (e.g. <c>builtin:tiny-base</c>) → checkpoint folder (<see cref="NamedResources.BaseModelFolders"/>).</summary>
    public static Func<string, string?> ResolveNamedModel { get; } = NamedResources.BaseModelFolder;

    private readonly EmbeddingModel _model;

    private EmbeddingModelEncoder(EmbeddingModel model, string modelId)
    {
        _model = model;
        ModelId = modelId;
    }

    public string ModelId { get; }

    public int Dimension => _model.Dimension;

    public int BatchSize => _model.BatchSize;

    /// <summary>The encoder for <paramref name="spec"/>, or null when the string is not an LLM model (another factory's).</summary>
    public static ITextEncoder? TryCreate(string spec)
    {
        var (location, options) = SplitOptions(spec);
        var folder = ResolveFolder(location);
        if (folder is null) return null;

        AttentionMode? attention = null;
        if (options.TryGetValue("attention", out var a))
        {
            try { attention = AttentionModes.Parse(a); }
            catch (FormatException e) { throw new UserInputException($"model '{spec}': {e.Message}"); }
        }
        options.TryGetValue("pooling", out var pooling);
        if (pooling != null && !PoolingHeads.Names.Contains(pooling))
            throw new UserInputException($"model '{spec}': pooling '{pooling}' is unknown; choose one of {string.Join(", ", PoolingHeads.Names)}");
        var maxLength = IntOption(options, "max_length", 128, spec);
        var batchSize = IntOption(options, "batch_size", 32, spec);
        var unknown = options.Keys.Except(["attention", "pooling", "max_length", "batch_size"]).ToList();
        if (unknown.Count > 0)
            throw new UserInputException($"model '{spec}': unknown option(s) {string.Join(", ", unknown)}; allowed: attention, pooling, max_length, batch_size");

        EmbeddingModel model;
        try
        {
            model = EmbeddingModel.Load(folder, new EmbeddingLoadOptions
            {
                Attention = attention,
                Pooling = pooling,
                MaxLength = maxLength,
                BatchSize = batchSize,
                ResolveBase = reference => reference.StartsWith("builtin:", StringComparison.Ordinal) ? ResolveNamedModel(reference) : null,
                ReadConfig = EmbeddingModelConfigReader.Read,
            });
        }
        catch (Exception e) when (e is FormatException or IOException or InvalidDataException or ArgumentException or KeyNotFoundException
                                       or System.Text.Json.JsonException)
        {
            // Loading reads only the user's model files: whatever they get wrong is a user error naming the model.
            throw new UserInputException($"model '{spec}': {e.Message}", e);
        }
        var id = string.Create(CultureInfo.InvariantCulture,
            $"{location}#attention={model.Attention.Name()},pooling={model.PoolingSpec.Name}{(model.PoolingSpec.ExcludeInstruction ? "-without-instruction" : "")},max_length={maxLength}@{WeightsFingerprint(folder)}");
        return new EmbeddingModelEncoder(model, id);
    }

    /// <summary>The query instruction the model was trained with (null for a bare checkpoint); <c>ablation embed</c> uses it when none is given.</summary>
    public string? QueryInstruction => _model.Instructions.QueryInstruction;

    public long TruncatedTexts => _model.TruncatedTexts;

    public int? MaxTokens => _model.MaxLength;

    public EmbeddingMatrix Encode(IReadOnlyList<string> texts, TextKind kind, string? instruction)
    {
        var textKind = kind == TextKind.Query ? TextKind.Query : TextKind.Document;
        // Per-task instruction for this side, for this call only: the model itself is never changed, so one
        // loaded model can serve tasks (or cells) side by side. Both papers leave documents bare unless the task says otherwise.
        var templates = textKind == TextKind.Query
            ? _model.Instructions with { QueryInstruction = instruction }
            : _model.Instructions with { DocumentInstruction = instruction };
        var rows = _model.Encode(texts, textKind, progress: null, templates);
        var data = new float[rows.Count * Dimension];
        for (var i = 0; i < rows.Count; i++) rows[i].CopyTo(data, i * Dimension);
        return new EmbeddingMatrix(data, rows.Count, Dimension);
    }

    public void Dispose() => _model.Dispose();

    /// <summary>Splits <c>location#key=value,key=value</c>.</summary>
    internal static (string Location, Dictionary<string, string> Options) SplitOptions(string spec)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var hash = spec.IndexOf('#');
        if (hash < 0) return (spec, options);
        foreach (var part in spec[(hash + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) throw new UserInputException($"model '{spec}': option '{part}' must look like key=value");
            options[part[..eq].Replace('-', '_')] = part[(eq + 1)..];
        }
        return (spec[..hash], options);
    }

    private static string? ResolveFolder(string location)
    {
        if (location.StartsWith("builtin:", StringComparison.Ordinal)) return ResolveNamedModel(location);
        if (!Directory.Exists(location)) return null;
        var looksLikeModel = File.Exists(Path.Combine(location, "config.json"))
                             || File.Exists(Path.Combine(location, EmbeddingModelConfig.FileName))
                             || File.Exists(Path.Combine(location, "checkpoint", EmbeddingModelConfig.FileName));
        return looksLikeModel ? location : null;
    }

    private static int IntOption(Dictionary<string, string> options, string key, int fallback, string spec)
    {
        if (!options.TryGetValue(key, out var text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        throw new UserInputException($"model '{spec}': {key} must be a positive integer, not '{text}'");
    }

    /// <summary>
    /// Cheap identity of the weights (name, size and modification time of every weight/config file), so the
    /// embedding cache is invalidated when a model is retrained in place, without hashing gigabytes.
    /// </summary>
    private static string WeightsFingerprint(string folder)
    {
        var text = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(Path.GetRelativePath(folder, file)).Append(':').Append(info.Length).Append(':')
                .Append(info.LastWriteTimeUtc.Ticks).Append(';');
        }
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexString(hash, 0, 6).ToLowerInvariant();
    }
}

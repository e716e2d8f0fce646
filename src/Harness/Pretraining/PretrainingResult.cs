using System.Globalization;
using System.Text.Json;

namespace Ablation.Harness.Pretraining;

/// <summary>What a pretraining run measured; saved as <c>pretraining.json</c> next to the model.</summary>
public sealed record PretrainingResult
{
    /// <summary>The Hugging Face checkpoint folder.</summary>
    public required string Folder { get; init; }
    /// <summary><see cref="PretrainingRecipe.Hash"/> of the recipe and corpus that produced the model.</summary>
    public required string RecipeHash { get; init; }
    public required long Parameters { get; init; }
    public required int VocabSize { get; init; }
    public required int Steps { get; init; }
    public required long TrainTokens { get; init; }
    /// <summary>Wall time of the optimisation loop alone.</summary>
    public required double TrainSeconds { get; init; }
    /// <summary>Wall time of the whole build: tokenizer, encoding, training, evaluation, saving.</summary>
    public required double TotalSeconds { get; init; }
    public required double TokensPerSecond { get; init; }
    /// <summary>Mean training loss of the first and last 10 % of steps (at least one step each).</summary>
    public required double InitialLoss { get; init; }
    public required double FinalLoss { get; init; }
    public required long HeldOutTokens { get; init; }
    public required double HeldOutPerplexity { get; init; }
    public required double UnigramPerplexity { get; init; }
    /// <summary>True when the model was found in the cache instead of trained by this call.</summary>
    public bool Reused { get; init; }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public string ToJson() => JsonSerializer.Serialize(this with { Folder = "." }, Options) + "\n";

    public static PretrainingResult Load(string folder)
    {
        string path = Path.Combine(folder, "pretraining.json");
        var result = JsonSerializer.Deserialize<PretrainingResult>(File.ReadAllText(path), Options)
            ?? throw new InvalidDataException($"{path}: empty pretraining summary; delete the folder to rebuild it");
        return result with { Folder = folder };
    }

    /// <summary>The lines <c>ablation base pretrain</c> prints.</summary>
    public IEnumerable<string> Describe()
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Format(c, "model:        {0}{1}", Folder, Reused ? " (reused from cache)" : "");
        yield return string.Format(c, "parameters:   {0:N0} (vocabulary {1:N0})", Parameters, VocabSize);
        yield return string.Format(c, "training:     {0:N0} steps, {1:N0} tokens in {2:F1} s ({3:N0} tokens/s); whole build {4:F1} s", Steps, TrainTokens, TrainSeconds, TokensPerSecond, TotalSeconds);
        yield return string.Format(c, "loss:         {0:F3} → {1:F3} (mean of first / last 10 % of steps)", InitialLoss, FinalLoss);
        yield return string.Format(c, "held-out ppl: {0:F2} vs unigram {1:F2} (add-one smoothed, {2:N0} held-out tokens; ratio {3:F3})",
            HeldOutPerplexity, UnigramPerplexity, HeldOutTokens, HeldOutPerplexity / UnigramPerplexity);
    }
}

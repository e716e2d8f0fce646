using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ablation.Models.Decoders;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Everything that determines a pretrained base model: corpus, tokenizer, architecture, optimisation and
/// evaluation (the JSON file <c>experiments/base/tiny.json</c>; key names follow Hugging Face's config.json and
/// TrainingArguments where one exists). Two recipes with the same <see cref="Hash"/> produce the same model.
/// Read with <see cref="PretrainingRecipeReader"/>; every key is listed once, in <see cref="PretrainingRecipeSettings"/>.
/// </summary>
public sealed record PretrainingRecipe
{
    /// <summary>Bumped when the training code changes what a recipe produces, so old cache folders are not reused.</summary>
    public const int CodeVersion = 1;

    /// <summary>Short label used in the cache folder name.</summary>
    public string Name { get; init; } = "";

    /// <summary>"builtin" (the built-in pretraining corpus) or an absolute folder holding train.txt and heldout.txt.</summary>
    public string CorpusSource { get; init; } = "builtin";

    /// <summary>Use at most this many train.txt documents (null: as many as the step budget needs).</summary>
    public int? MaxTrainDocuments { get; init; }

    public int VocabSize { get; init; }

    /// <summary>BPE: a pair seen fewer times is never merged.</summary>
    public int MinFrequency { get; init; }

    /// <summary>The tokenizer is trained on the first this-many train.txt documents.</summary>
    public int TokenizerDocuments { get; init; }

    public int HiddenSize { get; init; }
    public int NumHiddenLayers { get; init; }
    public int NumAttentionHeads { get; init; }
    public int NumKeyValueHeads { get; init; }
    public int IntermediateSize { get; init; }
    public double RopeTheta { get; init; }
    public double RmsNormEps { get; init; }
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Standard deviation of the normal initialisation of every weight matrix (HF's initializer_range).</summary>
    public double InitializerRange { get; init; }

    /// <summary>Tokens per training sequence (each sequence predicts this many next tokens).</summary>
    public int SeqLength { get; init; }
    public int BatchSize { get; init; }
    public int Steps { get; init; }
    public double LearningRate { get; init; }
    /// <summary>A name from <c>LearningRateSchedules.Names</c>.</summary>
    public string Schedule { get; init; } = "cosine";
    public int WarmupSteps { get; init; }
    /// <summary>Floor of the decay as a fraction of the peak rate.</summary>
    public double MinLrRatio { get; init; }
    public double WeightDecay { get; init; }
    public double AdamBeta1 { get; init; }
    public double AdamBeta2 { get; init; }
    public double AdamEpsilon { get; init; }
    /// <summary>Global gradient-norm clip; null disables clipping.</summary>
    public double? MaxGradNorm { get; init; }
    public int Seed { get; init; }
    /// <summary>"float32" or "bfloat16": the dtype of the weights during training and in the saved file.</summary>
    public string Dtype { get; init; } = "float32";

    /// <summary>Held-out perplexity is measured on (at most) this many target tokens of heldout.txt.</summary>
    public int HeldOutTokens { get; init; }

    /// <summary>Training tokens the step budget consumes (each step sees batch × seq_length targets).</summary>
    public long TrainTokens => (long)Steps * BatchSize * SeqLength;

    public int HeadDim => HiddenSize / NumAttentionHeads;

    /// <summary>The Hugging Face configuration of the model this recipe trains (BOS 0, EOS 1, pad 2 as BpeTrainer assigns them).</summary>
    public DecoderConfig ToDecoderConfig(int vocabSize) => new()
    {
        ModelType = "llama",
        VocabSize = vocabSize,
        HiddenSize = HiddenSize,
        IntermediateSize = IntermediateSize,
        NumHiddenLayers = NumHiddenLayers,
        NumAttentionHeads = NumAttentionHeads,
        NumKeyValueHeads = NumKeyValueHeads,
        HeadDim = HeadDim,
        RmsNormEps = RmsNormEps,
        RopeTheta = RopeTheta,
        TieWordEmbeddings = TieWordEmbeddings,
        TorchDtype = Dtype,
        MaxPositionEmbeddings = SeqLength,
        BosTokenId = 0,
        EosTokenIds = [1],
        PadTokenId = 2,
    };

    /// <summary>A stable text of every setting (sorted keys, invariant number format), the input of <see cref="Hash"/>.
    /// Its form must not change: it names the cached base model (a test pins the hash of the committed recipe).</summary>
    public string CanonicalText()
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["code_version"] = CodeVersion.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var setting in PretrainingRecipeSettings.All) values[setting.Key] = Canonical(setting.Get(this));
        return string.Join("\n", values.Select(kv => kv.Key + "=" + kv.Value)) + "\n";
    }

    /// <summary>16 hex digits of SHA-256 over <see cref="CanonicalText"/> and <paramref name="corpusKey"/> (what the corpus files are).</summary>
    public string Hash(string corpusKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText() + "corpus_key=" + corpusKey + "\n")))[..16];

    /// <summary>The recipe as JSON in the same shape <see cref="PretrainingRecipeReader"/> reads (saved next to the model).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            foreach (var setting in PretrainingRecipeSettings.In(""))
            {
                w.WritePropertyName(setting.Name);
                setting.Type.Write(w, setting.Get(this));
            }
            foreach (var section in PretrainingRecipeSettings.Sections)
            {
                w.WriteStartObject(section);
                foreach (var setting in PretrainingRecipeSettings.In(section))
                {
                    w.WritePropertyName(setting.Name);
                    setting.Type.Write(w, setting.Get(this));
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Canonical(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string text => text,
        _ => throw new InvalidOperationException($"no canonical text for {value.GetType().Name}"),
    };
}

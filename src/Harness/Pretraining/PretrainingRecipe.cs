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
/// Read with <see cref="PretrainingRecipeReader"/>.
/// </summary>
public sealed record PretrainingRecipe
{
    /// <summary>Bumped when the training code changes what a recipe produces, so old cache folders are not reused.</summary>
    public const int CodeVersion = 1;

    /// <summary>Short label used in the cache folder name.</summary>
    public required string Name { get; init; }

    /// <summary>"builtin" (the built-in pretraining corpus) or an absolute folder holding train.txt and heldout.txt.</summary>
    public required string CorpusSource { get; init; }

    /// <summary>Use at most this many train.txt documents (null: as many as the step budget needs).</summary>
    public int? MaxTrainDocuments { get; init; }

    public required int VocabSize { get; init; }

    /// <summary>BPE: a pair seen fewer times is never merged.</summary>
    public required int MinFrequency { get; init; }

    /// <summary>The tokenizer is trained on the first this-many train.txt documents.</summary>
    public required int TokenizerDocuments { get; init; }

    public required int HiddenSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int IntermediateSize { get; init; }
    public required double RopeTheta { get; init; }
    public required double RmsNormEps { get; init; }
    public required bool TieWordEmbeddings { get; init; }
    /// <summary>Standard deviation of the normal initialisation of every weight matrix (HF's initializer_range).</summary>
    public required double InitializerRange { get; init; }

    /// <summary>Tokens per training sequence (each sequence predicts this many next tokens).</summary>
    public required int SeqLength { get; init; }
    public required int BatchSize { get; init; }
    public required int Steps { get; init; }
    public required double LearningRate { get; init; }
    /// <summary>A name from <c>LearningRateSchedules.Names</c>.</summary>
    public required string Schedule { get; init; }
    public required int WarmupSteps { get; init; }
    /// <summary>Floor of the decay as a fraction of the peak rate.</summary>
    public required double MinLrRatio { get; init; }
    public required double WeightDecay { get; init; }
    public required double AdamBeta1 { get; init; }
    public required double AdamBeta2 { get; init; }
    public required double AdamEpsilon { get; init; }
    /// <summary>Global gradient-norm clip; null disables clipping.</summary>
    public required double? MaxGradNorm { get; init; }
    public required int Seed { get; init; }
    /// <summary>"float32" or "bfloat16": the dtype of the weights during training and in the saved file.</summary>
    public required string Dtype { get; init; }

    /// <summary>Held-out perplexity is measured on (at most) this many target tokens of heldout.txt.</summary>
    public required int HeldOutTokens { get; init; }

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

    /// <summary>A stable text of every setting (fixed order, invariant number format), the input of <see cref="Hash"/>.</summary>
    public string CanonicalText()
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["code_version"] = CodeVersion.ToString(CultureInfo.InvariantCulture),
            ["name"] = Name,
            ["corpus.source"] = CorpusSource,
            ["corpus.max_train_documents"] = Num(MaxTrainDocuments),
            ["tokenizer.vocab_size"] = Num(VocabSize),
            ["tokenizer.min_frequency"] = Num(MinFrequency),
            ["tokenizer.training_documents"] = Num(TokenizerDocuments),
            ["model.hidden_size"] = Num(HiddenSize),
            ["model.num_hidden_layers"] = Num(NumHiddenLayers),
            ["model.num_attention_heads"] = Num(NumAttentionHeads),
            ["model.num_key_value_heads"] = Num(NumKeyValueHeads),
            ["model.intermediate_size"] = Num(IntermediateSize),
            ["model.rope_theta"] = Num(RopeTheta),
            ["model.rms_norm_eps"] = Num(RmsNormEps),
            ["model.tie_word_embeddings"] = TieWordEmbeddings ? "true" : "false",
            ["model.initializer_range"] = Num(InitializerRange),
            ["training.seq_length"] = Num(SeqLength),
            ["training.batch_size"] = Num(BatchSize),
            ["training.steps"] = Num(Steps),
            ["training.learning_rate"] = Num(LearningRate),
            ["training.lr_scheduler_type"] = Schedule,
            ["training.warmup_steps"] = Num(WarmupSteps),
            ["training.min_lr_ratio"] = Num(MinLrRatio),
            ["training.weight_decay"] = Num(WeightDecay),
            ["training.adam_beta1"] = Num(AdamBeta1),
            ["training.adam_beta2"] = Num(AdamBeta2),
            ["training.adam_epsilon"] = Num(AdamEpsilon),
            ["training.max_grad_norm"] = Num(MaxGradNorm),
            ["training.seed"] = Num(Seed),
            ["training.dtype"] = Dtype,
            ["evaluation.heldout_tokens"] = Num(HeldOutTokens),
        };
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
            w.WriteString("name", Name);
            w.WriteStartObject("corpus");
            w.WriteString("source", CorpusSource);
            if (MaxTrainDocuments is { } m) w.WriteNumber("max_train_documents", m); else w.WriteNull("max_train_documents");
            w.WriteEndObject();
            w.WriteStartObject("tokenizer");
            w.WriteNumber("vocab_size", VocabSize);
            w.WriteNumber("min_frequency", MinFrequency);
            w.WriteNumber("training_documents", TokenizerDocuments);
            w.WriteEndObject();
            w.WriteStartObject("model");
            w.WriteNumber("hidden_size", HiddenSize);
            w.WriteNumber("num_hidden_layers", NumHiddenLayers);
            w.WriteNumber("num_attention_heads", NumAttentionHeads);
            w.WriteNumber("num_key_value_heads", NumKeyValueHeads);
            w.WriteNumber("intermediate_size", IntermediateSize);
            w.WriteNumber("rope_theta", RopeTheta);
            w.WriteNumber("rms_norm_eps", RmsNormEps);
            w.WriteBoolean("tie_word_embeddings", TieWordEmbeddings);
            w.WriteNumber("initializer_range", InitializerRange);
            w.WriteEndObject();
            w.WriteStartObject("training");
            w.WriteNumber("seq_length", SeqLength);
            w.WriteNumber("batch_size", BatchSize);
            w.WriteNumber("steps", Steps);
            w.WriteNumber("learning_rate", LearningRate);
            w.WriteString("lr_scheduler_type", Schedule);
            w.WriteNumber("warmup_steps", WarmupSteps);
            w.WriteNumber("min_lr_ratio", MinLrRatio);
            w.WriteNumber("weight_decay", WeightDecay);
            w.WriteNumber("adam_beta1", AdamBeta1);
            w.WriteNumber("adam_beta2", AdamBeta2);
            w.WriteNumber("adam_epsilon", AdamEpsilon);
            if (MaxGradNorm is { } g) w.WriteNumber("max_grad_norm", g); else w.WriteNull("max_grad_norm");
            w.WriteNumber("seed", Seed);
            w.WriteString("dtype", Dtype);
            w.WriteEndObject();
            w.WriteStartObject("evaluation");
            w.WriteNumber("heldout_tokens", HeldOutTokens);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string Num(double? v) => v is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "null";
    private static string Num(int? v) => v is { } x ? x.ToString(CultureInfo.InvariantCulture) : "null";
}

using Ablation.Harness.IO.Settings;
using Ablation.Torch.Optim;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Every key of a pretraining recipe, in file order, with its type and range (names follow Hugging Face's
/// config.json and TrainingArguments). Adding a setting to <see cref="PretrainingRecipe"/> means adding one line here.
/// </summary>
public static class PretrainingRecipeSettings
{
    /// <summary>The dtypes a recipe may train in.</summary>
    public static IReadOnlyList<string> Dtypes { get; } = ["float32", "bfloat16"];

    /// <summary>The sections of a recipe, in file order.</summary>
    public static IReadOnlyList<string> Sections { get; } = ["corpus", "tokenizer", "model", "training", "evaluation"];

    public static IReadOnlyList<PretrainingRecipeSetting> All { get; } =
    [
        S("name", SettingType.String("a name of letters, digits, '-', '_' or '.'"), r => r.Name, (r, v) => r with { Name = (string)v! }),
        S("corpus.source", SettingType.String("builtin, or a folder holding train.txt and heldout.txt"), r => r.CorpusSource, (r, v) => r with { CorpusSource = (string)v! }),
        S("corpus.max_train_documents", SettingType.Int(min: 1, nullable: true), r => r.MaxTrainDocuments, (r, v) => r with { MaxTrainDocuments = (int?)v }) with { Required = false },
        // 3 special tokens, the 256 byte tokens and at least one merge.
        S("tokenizer.vocab_size", SettingType.Int(min: 3 + 256 + 1, max: 1 << 20), r => r.VocabSize, (r, v) => r with { VocabSize = (int)v! }),
        S("tokenizer.min_frequency", SettingType.Int(min: 1), r => r.MinFrequency, (r, v) => r with { MinFrequency = (int)v! }),
        S("tokenizer.training_documents", SettingType.Int(min: 1), r => r.TokenizerDocuments, (r, v) => r with { TokenizerDocuments = (int)v! }),
        S("model.hidden_size", SettingType.Int(min: 2), r => r.HiddenSize, (r, v) => r with { HiddenSize = (int)v! }),
        S("model.num_hidden_layers", SettingType.Int(min: 1), r => r.NumHiddenLayers, (r, v) => r with { NumHiddenLayers = (int)v! }),
        S("model.num_attention_heads", SettingType.Int(min: 1), r => r.NumAttentionHeads, (r, v) => r with { NumAttentionHeads = (int)v! }),
        S("model.num_key_value_heads", SettingType.Int(min: 1), r => r.NumKeyValueHeads, (r, v) => r with { NumKeyValueHeads = (int)v! }),
        S("model.intermediate_size", SettingType.Int(min: 1), r => r.IntermediateSize, (r, v) => r with { IntermediateSize = (int)v! }),
        S("model.rope_theta", SettingType.Double(min: 1), r => r.RopeTheta, (r, v) => r with { RopeTheta = (double)v! }),
        S("model.rms_norm_eps", SettingType.Double(min: 0, minExclusive: true), r => r.RmsNormEps, (r, v) => r with { RmsNormEps = (double)v! }),
        S("model.tie_word_embeddings", SettingType.Bool(), r => r.TieWordEmbeddings, (r, v) => r with { TieWordEmbeddings = (bool)v! }),
        S("model.initializer_range", SettingType.Double(min: 0, minExclusive: true), r => r.InitializerRange, (r, v) => r with { InitializerRange = (double)v! }),
        S("training.seq_length", SettingType.Int(min: 2), r => r.SeqLength, (r, v) => r with { SeqLength = (int)v! }),
        S("training.batch_size", SettingType.Int(min: 1), r => r.BatchSize, (r, v) => r with { BatchSize = (int)v! }),
        S("training.steps", SettingType.Int(min: 1), r => r.Steps, (r, v) => r with { Steps = (int)v! }),
        S("training.learning_rate", SettingType.Double(min: 0, minExclusive: true), r => r.LearningRate, (r, v) => r with { LearningRate = (double)v! }),
        S("training.lr_scheduler_type", SettingType.OneOf(LearningRateSchedules.Names), r => r.Schedule, (r, v) => r with { Schedule = (string)v! }),
        S("training.warmup_steps", SettingType.Int(min: 0), r => r.WarmupSteps, (r, v) => r with { WarmupSteps = (int)v! }),
        S("training.min_lr_ratio", SettingType.Double(min: 0, max: 1), r => r.MinLrRatio, (r, v) => r with { MinLrRatio = (double)v! }),
        S("training.weight_decay", SettingType.Double(min: 0), r => r.WeightDecay, (r, v) => r with { WeightDecay = (double)v! }),
        S("training.adam_beta1", SettingType.Double(min: 0, max: 1, maxExclusive: true), r => r.AdamBeta1, (r, v) => r with { AdamBeta1 = (double)v! }),
        S("training.adam_beta2", SettingType.Double(min: 0, max: 1, maxExclusive: true), r => r.AdamBeta2, (r, v) => r with { AdamBeta2 = (double)v! }),
        S("training.adam_epsilon", SettingType.Double(min: 0, minExclusive: true), r => r.AdamEpsilon, (r, v) => r with { AdamEpsilon = (double)v! }),
        S("training.max_grad_norm", SettingType.Double(min: 0, minExclusive: true, nullable: true), r => r.MaxGradNorm, (r, v) => r with { MaxGradNorm = (double?)v }),
        S("training.seed", SettingType.Int(min: 0), r => r.Seed, (r, v) => r with { Seed = (int)v! }),
        S("training.dtype", SettingType.OneOf(Dtypes), r => r.Dtype, (r, v) => r with { Dtype = (string)v! }),
        S("evaluation.heldout_tokens", SettingType.Int(min: 1), r => r.HeldOutTokens, (r, v) => r with { HeldOutTokens = (int)v! }),
    ];

    /// <summary>The keys inside <paramref name="section"/> ("" for the top level's leaf keys).</summary>
    public static IReadOnlyList<PretrainingRecipeSetting> In(string section) => All.Where(s => s.Section == section).ToArray();

    private static PretrainingRecipeSetting S(string key, SettingType type, Func<PretrainingRecipe, object?> get,
        Func<PretrainingRecipe, object?, PretrainingRecipe> set) => new(key, type, get, set);
}

using Ablation.Harness.IO.Settings;
using Ablation.Models.Pooling;
using Ablation.Harness.Pretraining;

namespace Ablation.Harness.Training.Spec;

/// <summary>
/// Every setting of a <see cref="ModelSpec"/>, in the canonical order of <c>config.json</c>, with its type, range and
/// meaning. Adding a property to a Spec record means adding one line here; tests check that the list covers
/// every property.
/// </summary>
public static class ModelSpecSettings
{
    /// <summary>The sections (nested objects) of a spec, in canonical order.</summary>
    public static IReadOnlyList<string> Sections { get; } =
        ["base", "data", "pooling_head", "lora", "contrastive", "reconstruction", "evaluation"];

    /// <summary>The stage sections, named as in <c>stages</c>.</summary>
    public static IReadOnlyList<string> StageSections { get; } = ["contrastive", "reconstruction"];

    /// <summary>The only nullable section: <c>pooling_head</c> null means the small CPU head for the base's size.</summary>
    public const string PoolingHead = "pooling_head";

    /// <summary>The projection names LoRA can wrap in the Llama / Mistral / Qwen2 decoders.</summary>
    public static IReadOnlyList<string> LoraTargets { get; } = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    /// <summary>Every leaf setting in canonical order.</summary>
    public static IReadOnlyList<ModelSpecSetting> All { get; } = Build();

    private static readonly Dictionary<string, ModelSpecSetting> ByKey = All.ToDictionary(s => s.Key, StringComparer.Ordinal);

    /// <summary>The setting called <paramref name="key"/> (dotted), or null.</summary>
    public static ModelSpecSetting? Find(string key) => ByKey.GetValueOrDefault(key);

    /// <summary>Every dotted key, in canonical order.</summary>
    public static IReadOnlyList<string> Keys { get; } = All.Select(s => s.Key).ToArray();

    /// <summary>The top-level keys of a spec object (leaf settings and sections), in canonical order.</summary>
    public static IReadOnlyList<string> TopLevelKeys { get; } =
        All.Select(s => s.Section == "" ? s.Key : s.Section).Distinct().ToArray();

    /// <summary>The keys inside <paramref name="section"/>.</summary>
    public static IReadOnlyList<string> KeysIn(string section) =>
        All.Where(s => s.Section == section).Select(s => s.Name).ToArray();

    private static ModelSpecSetting S(string key, SettingType type, string description,
        Func<ModelSpec, object?> get, Func<ModelSpec, object?, ModelSpec> set) => new(key, type, description, get, set);

    private static StageSettings Stage(ModelSpec s, string stage) => stage == "contrastive" ? s.Contrastive : s.Reconstruction;

    private static ModelSpec WithStage(ModelSpec s, string stage, Func<StageSettings, StageSettings> change) =>
        stage == "contrastive"
            ? s with { Contrastive = (ContrastiveSettings)change(s.Contrastive) }
            : s with { Reconstruction = (ReconstructionSettings)change(s.Reconstruction) };

    private static PoolingHeadSpec Head(ModelSpec s) => s.PoolingHead ?? new PoolingHeadSpec();

    private static List<object?> Boxed<T>(IEnumerable<T> items) => items.Select(i => (object?)i).ToList();

    private static T[] Unboxed<T>(object? items) => ((IEnumerable<object?>)items!).Cast<T>().ToArray();

    private static IReadOnlyList<ModelSpecSetting> Build()
    {
        var list = new List<ModelSpecSetting>
        {
            S("base.model", SettingType.String("a Hugging Face checkpoint folder, builtin:tiny-base or builtin:tiny-base-long"),
                "the decoder LLM every design starts from", s => s.Base.Model, (s, v) => s with { Base = s.Base with { Model = (string)v! } })
                with { IsPath = true, BuiltinNames = [.. BaseModels.BuiltinNames] },
            S("base.dtype", SettingType.Enum<DTypeKind>(), "precision the weights are loaded and trained in",
                s => s.Base.DType, (s, v) => s with { Base = s.Base with { DType = (DTypeKind)v! } }),
            S("data.train", SettingType.String("a JSONL / Parquet file or folder of training pairs, or builtin:wordnet-pairs"),
                "training pairs (query, positive, hard negatives)", s => s.Data.Train, (s, v) => s with { Data = s.Data with { Train = (string)v! } })
                with { IsPath = true, BuiltinNames = ["builtin:wordnet-pairs"] },
            S("data.reconstruction_train", SettingType.String("a JSONL / Parquet file or folder of training pairs, or builtin:wordnet-pairs", nullable: true),
                "pairs of the reconstruction stage; null = data.train", s => s.Data.ReconstructionTrain,
                (s, v) => s with { Data = s.Data with { ReconstructionTrain = (string?)v } })
                with { IsPath = true, BuiltinNames = ["builtin:wordnet-pairs"] },
            S("data.eval_suite", SettingType.String("a folder of MTEB/BEIR-style tasks, or builtin:default"),
                "evaluation suite", s => s.Data.EvalSuite, (s, v) => s with { Data = s.Data with { EvalSuite = (string)v! } })
                with { IsPath = true, BuiltinNames = ["builtin:default"] },
            S("pooling", SettingType.OneOf(PoolingHeads.Names), "pooling head", s => s.Pooling, (s, v) => s with { Pooling = (string)v! }),
            S("pooling_exclude_instruction", SettingType.Bool(), "mean pooling leaves the instruction tokens out of the average (mean only)",
                s => s.PoolingExcludeInstruction, (s, v) => s with { PoolingExcludeInstruction = (bool)v! }),
            S("pooling_head.num_latents", SettingType.Int(1), "rows of the trainable latent matrix",
                s => s.PoolingHead?.NumLatents, (s, v) => s with { PoolingHead = Head(s) with { NumLatents = (int)v! } }),
            S("pooling_head.num_heads", SettingType.Int(1), "cross-attention heads",
                s => s.PoolingHead?.NumHeads, (s, v) => s with { PoolingHead = Head(s) with { NumHeads = (int)v! } }),
            S("pooling_head.head_dim", SettingType.Int(1, nullable: true), "width of one head; null = hidden size / num_heads",
                s => s.PoolingHead?.HeadDim, (s, v) => s with { PoolingHead = Head(s) with { HeadDim = (int?)v } }),
            S("pooling_head.ffn_mult", SettingType.Int(1), "feed-forward width as a multiple of the hidden size",
                s => s.PoolingHead?.FfnMult, (s, v) => s with { PoolingHead = Head(s) with { FfnMult = (int)v! } }),
            S("attention", SettingType.Enum<AttentionKind>(), "attention mask of the decoder", s => s.Attention,
                (s, v) => s with { Attention = (AttentionKind)v! }),
            S("stages", SettingType.List(SettingType.Enum<StageKind>(), nonEmpty: false), "training stages, in order ([] = evaluate the untrained design)", s => Boxed(s.Stages),
                (s, v) => s with { Stages = Unboxed<StageKind>(v) }),
            S("seed", SettingType.Int(0), "the model's seed", s => s.Seed, (s, v) => s with { Seed = (int)v! }),
            S("max_length", SettingType.Int(1), "token limit of queries and documents", s => s.MaxLength,
                (s, v) => s with { MaxLength = (int)v! }),
            S("lora.r", SettingType.Int(1), "LoRA rank", s => s.Lora.R, (s, v) => s with { Lora = s.Lora with { R = (int)v! } }),
            S("lora.alpha", SettingType.Double(0, minExclusive: true), "LoRA scale numerator (scale = alpha / r)", s => s.Lora.Alpha,
                (s, v) => s with { Lora = s.Lora with { Alpha = (double)v! } }),
            S("lora.dropout", SettingType.Double(0, max: 1, maxExclusive: true), "dropout on the LoRA input", s => s.Lora.Dropout,
                (s, v) => s with { Lora = s.Lora with { Dropout = (double)v! } }),
            S("lora.targets", SettingType.List(SettingType.OneOf(LoraTargets)), "decoder projections to wrap", s => Boxed(s.Lora.Targets),
                (s, v) => s with { Lora = s.Lora with { Targets = Unboxed<string>(v) } }),
        };
        foreach (var stage in StageSections)
        {
            string p = stage + ".";
            list.AddRange(
            [
                S(p + "steps", SettingType.Int(1), "optimiser steps", s => Stage(s, stage).Steps,
                    (s, v) => WithStage(s, stage, t => t with { Steps = (int)v! })),
                // In-batch negatives need at least two queries in a contrastive batch.
                S(p + "batch", SettingType.Int(stage == "contrastive" ? 2 : 1), "examples per optimiser step (before accumulation)",
                    s => Stage(s, stage).Batch, (s, v) => WithStage(s, stage, t => t with { Batch = (int)v! })),
                S(p + "mini_batch", SettingType.Int(1, nullable: true), "GradCache chunk size; null = the whole batch at once",
                    s => Stage(s, stage).MiniBatch, (s, v) => WithStage(s, stage, t => t with { MiniBatch = (int?)v })),
                S(p + "grad_accum", SettingType.Int(1), "batches summed before one optimiser step", s => Stage(s, stage).GradAccum,
                    (s, v) => WithStage(s, stage, t => t with { GradAccum = (int)v! })),
                S(p + "lr", SettingType.Double(0, minExclusive: true), "peak learning rate", s => Stage(s, stage).Lr,
                    (s, v) => WithStage(s, stage, t => t with { Lr = (double)v! })),
                S(p + "weight_decay", SettingType.Double(0), "AdamW decoupled weight decay", s => Stage(s, stage).WeightDecay,
                    (s, v) => WithStage(s, stage, t => t with { WeightDecay = (double)v! })),
                S(p + "warmup_steps", SettingType.Int(0), "linear warm-up steps", s => Stage(s, stage).WarmupSteps,
                    (s, v) => WithStage(s, stage, t => t with { WarmupSteps = (int)v! })),
                S(p + "schedule", SettingType.Enum<ScheduleKind>(), "learning-rate schedule after warm-up", s => Stage(s, stage).Schedule,
                    (s, v) => WithStage(s, stage, t => t with { Schedule = (ScheduleKind)v! })),
                S(p + "clip", SettingType.Double(0, minExclusive: true, nullable: true), "max global gradient norm; null = no clipping",
                    s => Stage(s, stage).Clip, (s, v) => WithStage(s, stage, t => t with { Clip = (double?)v })),
                S(p + "trainable", SettingType.Enum<TrainableKind>(), "parameters trained in this stage", s => Stage(s, stage).Trainable,
                    (s, v) => WithStage(s, stage, t => t with { Trainable = (TrainableKind)v! })),
                S(p + "query_max_length", SettingType.Int(1, nullable: true), "query token limit; null = max_length",
                    s => Stage(s, stage).QueryMaxLength, (s, v) => WithStage(s, stage, t => t with { QueryMaxLength = (int?)v })),
                S(p + "doc_max_length", SettingType.Int(1, nullable: true), "document token limit; null = max_length",
                    s => Stage(s, stage).DocMaxLength, (s, v) => WithStage(s, stage, t => t with { DocMaxLength = (int?)v })),
                S(p + "dtype", SettingType.Enum<DTypeKind>(nullable: true), "training precision; null = base.dtype",
                    s => Stage(s, stage).DType, (s, v) => WithStage(s, stage, t => t with { DType = (DTypeKind?)v })),
                S(p + "checkpoint_every", SettingType.Int(1), "steps between resumable checkpoints", s => Stage(s, stage).CheckpointEvery,
                    (s, v) => WithStage(s, stage, t => t with { CheckpointEvery = (int)v! })),
            ]);
            if (stage == "contrastive")
                list.AddRange(
                [
                    S("contrastive.temperature", SettingType.Double(0, minExclusive: true), "InfoNCE temperature (scale = 1 / temperature)",
                        s => s.Contrastive.Temperature, (s, v) => s with { Contrastive = s.Contrastive with { Temperature = (double)v! } }),
                    S("contrastive.hard_negatives", SettingType.Int(0), "hard negatives per query", s => s.Contrastive.HardNegatives,
                        (s, v) => s with { Contrastive = s.Contrastive with { HardNegatives = (int)v! } }),
                    S("contrastive.symmetric", SettingType.Bool(), "also the document-to-query direction", s => s.Contrastive.Symmetric,
                        (s, v) => s with { Contrastive = s.Contrastive with { Symmetric = (bool)v! } }),
                    S("contrastive.homogeneous_batches", SettingType.Bool(), "every batch from one source dataset",
                        s => s.Contrastive.HomogeneousBatches, (s, v) => s with { Contrastive = s.Contrastive with { HomogeneousBatches = (bool)v! } }),
                ]);
            else
                list.AddRange(
                [
                    S("reconstruction.w_d2q", SettingType.Double(0), "weight of EBD2Q (document embedding reconstructs the query)",
                        s => s.Reconstruction.WD2Q, (s, v) => s with { Reconstruction = s.Reconstruction with { WD2Q = (double)v! } }),
                    S("reconstruction.w_q2d", SettingType.Double(0), "weight of EBQ2D (query embedding reconstructs the document)",
                        s => s.Reconstruction.WQ2D, (s, v) => s with { Reconstruction = s.Reconstruction with { WQ2D = (double)v! } }),
                    S("reconstruction.mode", SettingType.Enum<ReconstructionMode>(), "both losses every step (joint) or in turn (alternate)",
                        s => s.Reconstruction.Mode, (s, v) => s with { Reconstruction = s.Reconstruction with { Mode = (ReconstructionMode)v! } }),
                    S("reconstruction.soft_token_layout", SettingType.Enum<SoftTokenLayout>(), "where the soft token sits relative to padding",
                        s => s.Reconstruction.SoftTokenLayout,
                        (s, v) => s with { Reconstruction = s.Reconstruction with { SoftTokenLayout = (SoftTokenLayout)v! } }),
                ]);
        }
        list.AddRange(
        [
            S("evaluation.tasks", SettingType.List(SettingType.String("a task name"), nullable: true), "tasks of the suite to run; null = all",
                s => s.Evaluation.Tasks == null ? null : Boxed(s.Evaluation.Tasks),
                (s, v) => s with { Evaluation = s.Evaluation with { Tasks = v == null ? null : Unboxed<string>(v) } }),
            S("evaluation.max_length", SettingType.Int(1, nullable: true), "token limit when encoding; null = max_length",
                s => s.Evaluation.MaxLength, (s, v) => s with { Evaluation = s.Evaluation with { MaxLength = (int?)v } }),
            S("evaluation.batch", SettingType.Int(1), "texts per encoding batch", s => s.Evaluation.Batch,
                (s, v) => s with { Evaluation = s.Evaluation with { Batch = (int)v! } }),
        ]);
        return list;
    }
}

using System.Globalization;
using Ablation.Harness.Training;
using Ablation.Harness.Training.Spec;
using Ablation.Models;

namespace Ablation.Harness.Tests.Training;

/// <summary>The stage loop on the fixture decoder with in-memory examples: outputs, schedule, resume, NaN guard.</summary>
public sealed class ModelTrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ablation-train-tests-" + Guid.NewGuid().ToString("N"));

    public ModelTrainerTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    internal static ModelSpec Spec(TrainableKind trainable = TrainableKind.HeadAndLora, string pooling = "last_layer_trainable", int steps = 12) => new()
    {
        Base = new BaseSpec { Model = TrainingFixtures.BaseFolder },
        Pooling = pooling,
        MaxLength = 24,
        Seed = 4,
        Lora = new LoraSpec { R = 4, Alpha = 8, Dropout = 0.1 },
        Contrastive = new ContrastiveSettings
        {
            Steps = steps, Batch = 4, MiniBatch = 2, Lr = 1e-3, WarmupSteps = 4, Schedule = ScheduleKind.Linear,
            CheckpointEvery = 5, Trainable = trainable, Clip = 1.0,
        },
    };

    internal static TrainOptions Options(Action<TrainStep>? onStep = null) => new()
    {
        Examples = _ => TrainingFixtures.Examples(40),
        ResolveBase = folder => folder,
        OnStep = onStep,
    };

    [Fact]
    public void Writes_a_model_folder_metrics_and_log_and_a_second_call_does_nothing()
    {
        var folder = Path.Combine(_root, "m");
        var result = ModelTrainer.Train(Spec(), folder, Options(), CancellationToken.None);

        Assert.False(result.Reused);
        Assert.Equal(12, result.Stages.Single().Steps);
        foreach (var f in new[] { EmbeddingModelConfig.FileName, "adapter_model.safetensors", EmbeddingModel.HeadFile, ModelTrainer.MetricsFile, ModelTrainer.LogFile, TrainResult.FileName })
            Assert.True(File.Exists(Path.Combine(folder, f)), $"{f} missing");
        Assert.False(Directory.Exists(Path.Combine(folder, "checkpoint")), "the checkpoint is removed once the model is written");
        Assert.False(File.Exists(Path.Combine(folder, EmbeddingModel.DecoderFile)), "LoRA training leaves the base weights alone");

        var rows = File.ReadAllLines(Path.Combine(folder, ModelTrainer.MetricsFile));
        Assert.Equal("stage,step,loss,lr,grad_norm,tokens_per_s,seconds", rows[0]);
        Assert.Equal(13, rows.Length);

        // The folder loads as a trained model and embeds differently from the base with a fresh head.
        using var trained = EmbeddingModel.Load(folder);
        Assert.Equal("last_layer_trainable", trained.PoolingSpec.Name);
        Assert.NotNull(trained.Lora);
        var v = trained.Encode(["a lamp by the river"], TextKind.Query)[0];
        Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 4);

        var before = File.ReadAllBytes(Path.Combine(folder, "adapter_model.safetensors"));
        var again = ModelTrainer.Train(Spec(), folder, Options(), CancellationToken.None);
        Assert.True(again.Reused);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(folder, "adapter_model.safetensors")));

        var other = Assert.Throws<UserInputException>(() => ModelTrainer.Train(Spec(steps: 13), folder, Options(), CancellationToken.None));
        Assert.Contains("different config", other.Message);
    }

    [Fact]
    public void The_learning_rate_follows_warmup_then_linear_decay()
    {
        var folder = Path.Combine(_root, "lr");
        ModelTrainer.Train(Spec(), folder, Options(), CancellationToken.None);
        var lr = File.ReadAllLines(Path.Combine(folder, ModelTrainer.MetricsFile)).Skip(1)
            .Select(l => double.Parse(l.Split(',')[3], CultureInfo.InvariantCulture)).ToArray();
        // 12 steps, warmup 4, peak 1e-3: step k (from 0) gets k/4 during warmup, then (12 − k)/8.
        Assert.Equal(0.0, lr[0]);
        Assert.Equal(0.5e-3, lr[2], 15);
        Assert.Equal(1e-3, lr[4], 15);
        Assert.Equal(0.5e-3, lr[8], 15);
        Assert.Equal(0.125e-3, lr[11], 15);
    }

    [Fact]
    public void Full_fine_tuning_saves_the_decoder_weights_and_eval_loads_them()
    {
        var folder = Path.Combine(_root, "full");
        ModelTrainer.Train(Spec(TrainableKind.Full, "mean", steps: 6), folder, Options(), CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(folder, EmbeddingModel.DecoderFile)));
        using var trained = EmbeddingModel.Load(folder);
        using var bare = EmbeddingModel.Load(TrainingFixtures.BaseFolder, new EmbeddingLoadOptions { Pooling = "mean", MaxLength = 24 });
        Assert.True(trained.DecoderWeightsChanged);
        var a = trained.Encode(["a lamp by the river"], TextKind.Document)[0];
        var b = bare.Encode(["a lamp by the river"], TextKind.Document)[0];
        Assert.True(a.Zip(b).Max(x => Math.Abs(x.First - x.Second)) > 1e-4, "the trained decoder weights were not loaded");
    }

    [Fact]
    public void Pooling_exclude_instruction_reaches_the_saved_config_and_changes_query_but_not_document_embeddings()
    {
        var folder = Path.Combine(_root, "excl");
        var spec = Spec(TrainableKind.Full, "mean", steps: 2) with { PoolingExcludeInstruction = true };
        spec = spec with { Contrastive = spec.Contrastive with { WarmupSteps = 1 } };
        ModelTrainer.Train(spec, folder, Options(), CancellationToken.None);
        var configPath = Path.Combine(folder, EmbeddingModelConfig.FileName);
        Assert.True(EmbeddingModelConfig.Load(configPath).Pooling.ExcludeInstruction);

        // The same weights with the flag off: queries (which carry the instruction) embed differently, documents
        // (no instruction: paper A's templates) identically, so the flag is what the loaded pooling uses.
        var plain = Path.Combine(_root, "excl-off");
        Directory.CreateDirectory(plain);
        foreach (var f in Directory.GetFiles(folder)) File.Copy(f, Path.Combine(plain, Path.GetFileName(f)));
        var off = EmbeddingModelConfig.Load(configPath);
        File.WriteAllText(Path.Combine(plain, EmbeddingModelConfig.FileName), (off with { Pooling = off.Pooling with { ExcludeInstruction = false } }).ToJson());

        using var with = EmbeddingModel.Load(folder);
        using var without = EmbeddingModel.Load(plain);
        Assert.True(with.PoolingSpec.ExcludeInstruction);
        Assert.False(without.PoolingSpec.ExcludeInstruction);
        string[] text = ["a lamp by the river"];
        static double MaxDiff(float[] a, float[] b) => a.Zip(b).Max(x => Math.Abs(x.First - x.Second));
        var instructed = InstructionTemplates.PaperA("Instruct: retrieve the definition of the term\nQuery: ");
        Assert.True(MaxDiff(with.Encode(text, TextKind.Query, instructions: instructed)[0], without.Encode(text, TextKind.Query, instructions: instructed)[0]) > 1e-4);
        Assert.True(MaxDiff(with.Encode(text, TextKind.Document, instructions: instructed)[0], without.Encode(text, TextKind.Document, instructions: instructed)[0]) < 1e-6);
    }

    [Fact]
    public void Paper_b_stages_run_in_order_full_reconstruction_then_lora_contrastive_and_the_folder_holds_both()
    {
        var folder = Path.Combine(_root, "b");
        var spec = Spec(TrainableKind.Lora, "eos_last", steps: 4) with
        {
            Stages = [StageKind.Reconstruction, StageKind.Contrastive],
            Reconstruction = new ReconstructionSettings { Steps = 4, Batch = 4, WarmupSteps = 1, Lr = 1e-3, CheckpointEvery = 2 },
        };
        var result = ModelTrainer.Train(spec, folder, Options(), CancellationToken.None);
        Assert.Equal(["reconstruction", "contrastive"], result.Stages.Select(x => x.Stage));
        var rows = File.ReadAllLines(Path.Combine(folder, ModelTrainer.MetricsFile));
        Assert.Equal("stage,step,loss,l_d2q,l_q2d,lr,grad_norm,tokens_per_s,seconds", rows[0]);
        Assert.Equal(4, rows.Count(r => r.StartsWith("reconstruction,", StringComparison.Ordinal)));
        Assert.Equal(4, rows.Count(r => r.StartsWith("contrastive,", StringComparison.Ordinal)));
        Assert.True(File.Exists(Path.Combine(folder, EmbeddingModel.DecoderFile)), "full fine-tuning changed the base weights");
        Assert.True(File.Exists(Path.Combine(folder, "adapter_model.safetensors")));
        using var trained = EmbeddingModel.Load(folder);
        Assert.True(trained.DecoderWeightsChanged);
        Assert.NotNull(trained.Lora);
    }

    [Fact]
    public void An_interrupted_run_resumes_to_the_same_bytes_as_an_uninterrupted_one()
    {
        var straight = Path.Combine(_root, "straight");
        ModelTrainer.Train(Spec(), straight, Options(), CancellationToken.None);

        var resumed = Path.Combine(_root, "resumed");
        using (var cancel = new CancellationTokenSource())
        {
            Assert.Throws<OperationCanceledException>(() => ModelTrainer.Train(Spec(), resumed, Options(s => { if (s.Step == 7) cancel.Cancel(); }), cancel.Token));
        }
        Assert.True(File.Exists(Path.Combine(resumed, "checkpoint", "state.json")));
        ModelTrainer.Train(Spec(), resumed, Options(), CancellationToken.None);

        foreach (var f in new[] { "adapter_model.safetensors", EmbeddingModel.HeadFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(straight, f)), File.ReadAllBytes(Path.Combine(resumed, f)));
        Assert.Equal(LossColumns(straight), LossColumns(resumed));
    }

    [Fact]
    public void A_diverging_loss_stops_with_the_step_and_keeps_the_last_good_checkpoint()
    {
        var folder = Path.Combine(_root, "nan");
        var spec = Spec(TrainableKind.Full, "mean", steps: 40) with
        {
            Contrastive = Spec().Contrastive with { Trainable = TrainableKind.Full, Lr = 1e30, WarmupSteps = 0, Clip = null, CheckpointEvery = 1, Steps = 40 },
        };
        var e = Assert.Throws<TrainingDivergedException>(() => ModelTrainer.Train(spec, folder, Options(), CancellationToken.None));
        Assert.Matches(@"at stage 1 step \d+", e.Message);
        var failed = int.Parse(System.Text.RegularExpressions.Regex.Match(e.Message, @"step (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var state = TrainingCheckpoint.TryLoad(folder)!;
        Assert.Equal(failed - 1, state.Step);
        Assert.False(File.Exists(Path.Combine(folder, TrainResult.FileName)));
    }

    internal static List<string> LossColumns(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, ModelTrainer.MetricsFile)).Select(l => string.Join(',', l.Split(',').Take(5)))];
}

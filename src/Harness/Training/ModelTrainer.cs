using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ablation.Harness.Data.Training;
using Ablation.Harness.IO;
using Ablation.Harness.Pretraining;
using Ablation.Harness.Training.Spec;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Lora;
using Ablation.Models.Pooling;
using Ablation.Torch;
using Ablation.Torch.Optim;

namespace Ablation.Harness.Training;

/// <summary>
/// Trains one embedding model from a <see cref="ModelSpec"/>: builds the <see cref="EmbeddingModel"/> (base,
/// attention, pooling head), runs <c>stages</c> in order, each from the previous stage's weights, and writes a model
/// folder that <c>ablation eval --model</c> and <c>ablation embed</c> accept.
/// </summary>
/// <remarks>
/// Per stage: the parameters named by <c>trainable</c> train (LoRA adapters are attached by the first stage that
/// needs them and kept by later ones); AdamW with decoupled weight decay on matrices only; warm-up then the decay
/// of <c>schedule</c>; <c>grad_accum</c> batches per step; global-norm clipping. Randomness comes from generators
/// derived from <c>seed</c> per purpose (init, data order per stage, dropout). Every <c>checkpoint_every</c>
/// steps and at the end of every stage the state goes to <see cref="TrainingCheckpoint"/>; calling again with the
/// same spec and folder resumes from it and ends with the same bytes as an uninterrupted run. A finished run is
/// marked by <see cref="TrainResult.FileName"/>; a second call then does nothing.
/// </remarks>
public static class ModelTrainer
{
    public const string MetricsFile = "train-metrics.csv";
    public const string LogFile = "train.log";

    public static TrainResult Train(ModelSpec spec, string outFolder, TrainOptions options, CancellationToken cancel)
    {
        outFolder = Path.GetFullPath(outFolder);
        Directory.CreateDirectory(outFolder);
        var hash = SpecHash(spec);
        var resultPath = Path.Combine(outFolder, TrainResult.FileName);
        if (File.Exists(resultPath))
        {
            var done = JsonSerializer.Deserialize<TrainResult>(File.ReadAllText(resultPath), TrainingCheckpoint.Json)
                       ?? throw new InvalidDataException($"{resultPath}: empty training result");
            if (done.SpecHash != hash)
                throw new UserInputException($"--out '{outFolder}' holds a finished training of a different config (hash {done.SpecHash}, this one {hash}); choose another --out or delete the folder");
            var stale = Path.Combine(outFolder, TrainingCheckpoint.FolderName);
            if (Directory.Exists(stale)) Directory.Delete(stale, recursive: true); // killed after the marker, before the clean-up
            options.Log?.Invoke($"{outFolder} already holds this finished training; nothing to do");
            return done with { Folder = outFolder, Reused = true };
        }
        var resume = TrainingCheckpoint.TryLoad(outFolder);
        if (resume is not null && resume.SpecHash != hash)
            throw new UserInputException($"--out '{outFolder}' holds a checkpoint of a different config (hash {resume.SpecHash}, this one {hash}); choose another --out or delete the folder");
        Validate(spec);

        var log = new RunLog(Path.Combine(outFolder, LogFile), options.Log);
        using var run = new Run(spec, outFolder, hash, options, log, cancel);
        return run.Execute(resume);
    }

    /// <summary>Hash of everything that shapes the trained weights (the spec without its evaluation settings).</summary>
    public static string SpecHash(ModelSpec spec) =>
        ModelSpecWriter.Hash(ModelSpecWriter.Write(ModelSpecWriter.Normalize(spec) with { Evaluation = new EvaluationSpec() }));

    /// <summary>A seed for one purpose (init, data order, dropout), independent of the others.</summary>
    public static ulong DerivedSeed(int seed, string purpose) => Pretrainer.DerivedSeed(seed, purpose);

    private static void Validate(ModelSpec spec)
    {
        if (spec.Stages.Count == 0) throw new UserInputException("stages is empty; list at least one of contrastive, reconstruction");
        if (spec.MaxLength < 2) throw new UserInputException($"max_length must be at least 2, not {spec.MaxLength}");
        if (!PoolingHeads.Names.Contains(spec.Pooling))
            throw new UserInputException($"pooling '{spec.Pooling}' is unknown; choose one of {string.Join(", ", PoolingHeads.Names)}");
        foreach (var kind in spec.Stages.Distinct())
        {
            var s = Settings(spec, kind);
            var name = Name(kind);
            if (s.Steps <= 0) throw new UserInputException($"{name}.steps must be positive, not {s.Steps}");
            if (s.Batch <= 0) throw new UserInputException($"{name}.batch must be positive, not {s.Batch}");
            if (s.MiniBatch is <= 0) throw new UserInputException($"{name}.mini_batch must be positive or null, not {s.MiniBatch}");
            if (s.GradAccum <= 0) throw new UserInputException($"{name}.grad_accum must be positive, not {s.GradAccum}");
            if (!(s.Lr >= 0) || !double.IsFinite(s.Lr)) throw new UserInputException($"{name}.lr must be a finite number ≥ 0, not {s.Lr}");
            if (s.WarmupSteps < 0 || s.WarmupSteps > s.Steps) throw new UserInputException($"{name}.warmup_steps must lie in [0, steps = {s.Steps}], not {s.WarmupSteps}");
            if (s.Clip is { } c && !(c > 0)) throw new UserInputException($"{name}.clip must be positive or null, not {c}");
            if (s.CheckpointEvery <= 0) throw new UserInputException($"{name}.checkpoint_every must be positive, not {s.CheckpointEvery}");
            if ((s.QueryMaxLength ?? spec.MaxLength) < 2 || (s.DocMaxLength ?? spec.MaxLength) < 2)
                throw new UserInputException($"{name}.query_max_length and doc_max_length must be at least 2");
            if ((s.DType ?? spec.Base.DType) != (Settings(spec, spec.Stages[0]).DType ?? spec.Base.DType))
                throw new UserInputException($"{name}.dtype differs from the first stage's; every stage must train in one dtype (set base.dtype)");
            if (s is ContrastiveSettings cs)
            {
                if (!(cs.Temperature > 0)) throw new UserInputException($"contrastive.temperature must be positive, not {cs.Temperature}");
                if (cs.HardNegatives < 0) throw new UserInputException($"contrastive.hard_negatives must be ≥ 0, not {cs.HardNegatives}");
            }
        }
    }

    internal static StageSettings Settings(ModelSpec spec, StageKind kind) =>
        kind == StageKind.Contrastive ? spec.Contrastive : spec.Reconstruction;

    /// <summary>Below this peak rate a bfloat16 stage logs a warning: the weights are bf16 themselves (no float32 master
    /// copy), so small AdamW steps round away (measured in docs/training.md, "bfloat16").</summary>
    public const double Bfloat16MinLr = 1e-3;

    internal static string Name(StageKind kind) => kind == StageKind.Contrastive ? "contrastive" : "reconstruction";

    private static bool UsesLora(TrainableKind kind) => kind is TrainableKind.Lora or TrainableKind.HeadAndLora;

    /// <summary>One training run: the model, its generators, the metrics file and the stage loop.</summary>
    private sealed class Run : IDisposable
    {
        private readonly ModelSpec _spec;
        private readonly string _out;
        private readonly string _hash;
        private readonly TrainOptions _options;
        private readonly RunLog _log;
        private readonly CancellationToken _cancel;
        private readonly Generator _init;
        private readonly Generator _dropout;
        private readonly EmbeddingModel _model;
        private readonly IReadOnlyList<string> _partNames;
        private readonly int _totalSteps;
        private readonly StringBuilder _metrics = new();

        public Run(ModelSpec spec, string outFolder, string hash, TrainOptions options, RunLog log, CancellationToken cancel)
        {
            _spec = spec;
            _out = outFolder;
            _hash = hash;
            _options = options;
            _log = log;
            _cancel = cancel;
            _init = new Generator(DerivedSeed(spec.Seed, "init"));
            _dropout = new Generator(DerivedSeed(spec.Seed, "dropout"));
            _model = Build();
            _partNames = spec.Stages.Distinct().SelectMany(PartNames).Distinct().ToList();
            _totalSteps = spec.Stages.Sum(k => Settings(spec, k).Steps);
        }

        private EmbeddingModel Build()
        {
            var folder = _options.ResolveBase?.Invoke(_spec.Base.Model) ?? BaseModels.Resolve(_spec.Base.Model, _log.Line);
            var checkpoint = HuggingFaceCheckpoint.Open(folder);
            if (!checkpoint.HasTokenizer)
                throw new UserInputException($"base.model '{_spec.Base.Model}': {folder} has no tokenizer.json or tokenizer.model");
            var dtype = (Settings(_spec, _spec.Stages[0]).DType ?? _spec.Base.DType) == DTypeKind.Bfloat16 ? ScalarType.BFloat16 : ScalarType.Float32;
            var decoder = checkpoint.LoadDecoder(dtype);
            var attention = _spec.Attention == AttentionKind.Causal ? AttentionMode.Causal : AttentionMode.Bidirectional;
            var head = _spec.PoolingHead is { } h
                ? new PoolingHeadConfig(h.NumLatents, h.NumHeads, h.HeadDim ?? Math.Max(1, decoder.Config.HiddenSize / h.NumHeads), h.FfnMult)
                : null;
            head?.Validate();
            var poolingSpec = new PoolingSpec { Name = _spec.Pooling, Head = head, ExcludeInstruction = _spec.PoolingExcludeInstruction };
            var pooling = PoolingHeads.Create(poolingSpec, decoder.Config.HiddenSize, decoder.NumLayers, attention, _init, dtype);
            var reference = _spec.Base.Model.StartsWith("builtin:", StringComparison.Ordinal) ? _spec.Base.Model : folder;
            return new EmbeddingModel(decoder, checkpoint.LoadTokenizer(), attention, pooling, poolingSpec, reference,
                InstructionTemplates.PaperA(null), _spec.MaxLength);
        }

        private IEnumerable<string> PartNames(StageKind kind) => kind == StageKind.Contrastive
            ? ContrastiveObjective.PartNames(_spec.Contrastive)
            : ReconstructionParts;

        private static readonly string[] ReconstructionParts = [ReconstructionObjective.PartD2Q, ReconstructionObjective.PartQ2D];

        public TrainResult Execute(TrainingCheckpoint? resume)
        {
            var clock = Stopwatch.StartNew();
            double before = resume?.Seconds ?? 0;
            var finished = new List<TrainResult.StageSummary>(resume?.Finished ?? []);
            int firstStage = resume?.Stage ?? 0;
            _log.Line($"model: {_spec.Base.Model}, pooling {_spec.Pooling}, attention {_spec.Attention.ToString().ToLowerInvariant()}, " +
                      $"stages {string.Join(" → ", _spec.Stages.Select(Name))}, seed {_spec.Seed}; {TorchThreads.Description}");

            // Structure first (adapters of stages already run), then the saved values over it.
            for (var s = 0; s < Math.Min(firstStage + 1, _spec.Stages.Count); s++) EnsureStructure(s);
            if (resume is not null)
            {
                resume.RestoreWeights(_out, AllParameters());
                resume.RestoreDropout(_out, _dropout);
                _metrics.Append(resume.ReadMetrics(_out));
                AtomicFile.WriteAllText(Path.Combine(_out, MetricsFile), _metrics.ToString());
                _log.Line($"resuming from {Path.Combine(_out, TrainingCheckpoint.FolderName)}: stage {Math.Min(firstStage + 1, _spec.Stages.Count)}/{_spec.Stages.Count}, step {resume.Step}");
            }
            else
            {
                _metrics.Append("stage,step,loss").Append(string.Concat(_partNames.Select(p => "," + p))).Append(",lr,grad_norm,tokens_per_s,seconds\n");
                AtomicFile.WriteAllText(Path.Combine(_out, MetricsFile), _metrics.ToString());
            }

            var done = _spec.Stages.Take(firstStage).Sum(k => Settings(_spec, k).Steps) + (resume?.Step ?? 0);
            for (var s = firstStage; s < _spec.Stages.Count; s++)
            {
                var fromCheckpoint = s == firstStage ? resume : null;
                finished.Add(RunStage(s, fromCheckpoint, finished, ref done, before, clock));
            }

            _model.DecoderWeightsChanged = _spec.Stages.Any(k => Settings(_spec, k).Trainable == TrainableKind.Full);
            _model.Save(_out);
            var result = new TrainResult { Folder = _out, SpecHash = _hash, Seconds = before + clock.Elapsed.TotalSeconds, Stages = finished };
            AtomicFile.WriteAllText(Path.Combine(_out, TrainResult.FileName), JsonSerializer.Serialize(result, TrainingCheckpoint.Json) + "\n");
            Directory.Delete(Path.Combine(_out, TrainingCheckpoint.FolderName), recursive: true);
            _log.Line($"training finished in {result.Seconds:F1}s; model written to {_out}");
            return result;
        }

        private TrainResult.StageSummary RunStage(int s, TrainingCheckpoint? resume, List<TrainResult.StageSummary> finished,
            ref int done, double before, Stopwatch clock)
        {
            var kind = _spec.Stages[s];
            var settings = Settings(_spec, kind);
            var name = Name(kind);
            EnsureStructure(s);
            var trainable = SetTrainable(settings.Trainable, s);
            var decay = trainable.Where(p => p.dim() >= 2).ToList();
            var plain = trainable.Where(p => p.dim() < 2).ToList();
            using var optimizer = new AdamW(decay.Count > 0 ? decay : plain, settings.Lr, weight_decay: decay.Count > 0 ? settings.WeightDecay : 0);
            if (decay.Count > 0 && plain.Count > 0) optimizer.add_param_group(plain, settings.Lr, 0.0);
            resume?.RestoreOptimizer(_out, optimizer);
            var schedule = LearningRateSchedules.Create(ScheduleName(settings.Schedule), settings.Lr, settings.WarmupSteps, settings.Steps);

            var examples = Examples(kind);
            var hardNegatives = settings is ContrastiveSettings c ? c.HardNegatives : 0;
            var sampler = new BatchSampler(examples, settings.Batch, hardNegatives, settings is ContrastiveSettings { HomogeneousBatches: true },
                (int)(DerivedSeed(_spec.Seed, $"data-order/{s}") & int.MaxValue));
            if (resume is not null) sampler.Position = new SamplerPosition(resume.Epoch, resume.Batch);
            if (sampler.Contradictory > 0)
                _log.Line($"note: {sampler.Contradictory:N0} examples are left out because a hard negative equals their positive");
            var queryMax = settings.QueryMaxLength ?? _spec.MaxLength;
            var docMax = settings.DocMaxLength ?? _spec.MaxLength;
            var objective = CreateObjective(kind, queryMax, docMax);

            int start = resume?.Step ?? 0;
            var losses = new List<double>(resume?.Losses ?? []);
            _log.Line(string.Create(CultureInfo.InvariantCulture,
                $"stage {s + 1}/{_spec.Stages.Count} {name}: {(start > 0 ? $"from step {start}, " : "")}{settings.Steps} steps × {settings.Batch} examples" +
                $"{(settings.GradAccum > 1 ? $" × {settings.GradAccum} accumulated" : "")}{(settings.MiniBatch is { } m ? $" (mini-batches of {m})" : "")}, " +
                $"{examples.Count:N0} examples ({sampler.BatchesPerEpoch:N0} batches per epoch), trainable {settings.Trainable} " +
                $"({trainable.Sum(p => p.numel()):N0} parameters), lr {settings.Lr:G3}, {settings.Schedule} schedule"));
            if (_model.Decoder.Dtype == ScalarType.BFloat16 && settings.Lr < Bfloat16MinLr)
                _log.Line(string.Create(CultureInfo.InvariantCulture,
                    $"warning: {name}.lr {settings.Lr:G3} with bfloat16 weights: AdamW steps below half a bfloat16 step of a weight round " +
                    $"away (a weight near 1 cannot move by less than 0.004; at lr 1e-4 the tiny base's loss lagged float32 by ~20 % after 30 " +
                    $"steps); for lr below {Bfloat16MinLr:G1} train in float32 (base.dtype) — docs/training.md, bfloat16"));

            _model.Decoder.train();
            _model.Pooling.Module?.train();
            var every = Math.Max(1, settings.Steps / 10);
            for (var step = start; step < settings.Steps; step++)
            {
                _cancel.ThrowIfCancellationRequested();
                var stepClock = Stopwatch.StartNew();
                var lr = schedule.LearningRate(step);
                optimizer.set_lr(lr);
                optimizer.zero_grad();
                double loss = 0;
                long tokens = 0;
                var parts = _partNames.ToDictionary(p => p, _ => double.NaN);
                for (var a = 0; a < settings.GradAccum; a++)
                {
                    var r = objective.ForwardBackward(sampler.Next(), step, 1.0 / settings.GradAccum);
                    loss += r.Loss / settings.GradAccum;
                    tokens += r.Tokens;
                    foreach (var (k, v) in r.Parts)
                    {
                        if (!parts.ContainsKey(k)) throw new InvalidOperationException($"the {name} objective reported an undeclared loss part '{k}'");
                        parts[k] = (double.IsNaN(parts[k]) ? 0 : parts[k]) + v / settings.GradAccum;
                    }
                }
                double norm;
                using (torch.NewDisposeScope())
                    norm = torch.nn.utils.clip_grad_norm_(trainable, settings.Clip ?? double.PositiveInfinity);
                if (!double.IsFinite(loss) || !double.IsFinite(norm))
                    throw new TrainingDivergedException(string.Create(CultureInfo.InvariantCulture,
                        $"training diverged: the {name} {(!double.IsFinite(loss) ? "loss" : "gradient norm")} became {(!double.IsFinite(loss) ? loss : norm)} at stage {s + 1} step {step + 1}; " +
                        $"the last good checkpoint is kept in {Path.Combine(_out, TrainingCheckpoint.FolderName)}; lower {name}.lr or set {name}.clip, then start again in a new --out"));
                optimizer.step();
                losses.Add(loss);
                done++;
                var seconds = before + clock.Elapsed.TotalSeconds;
                var tps = tokens / Math.Max(1e-9, stepClock.Elapsed.TotalSeconds);
                var row = new StringBuilder();
                row.Append(string.Create(CultureInfo.InvariantCulture, $"{name},{step + 1},{loss:R}"));
                foreach (var p in _partNames) row.Append(',').Append(double.IsNaN(parts[p]) ? "" : parts[p].ToString("R", CultureInfo.InvariantCulture));
                row.Append(string.Create(CultureInfo.InvariantCulture, $",{lr:R},{norm:R},{tps:F1},{seconds:F3}\n"));
                _metrics.Append(row);
                File.AppendAllText(Path.Combine(_out, MetricsFile), row.ToString());
                _options.OnStep?.Invoke(new TrainStep(name, step + 1, settings.Steps, done, _totalSteps, loss, lr, tps));
                if ((step + 1) % every == 0 || step + 1 == settings.Steps)
                    _log.Line(string.Create(CultureInfo.InvariantCulture,
                        $"{name} step {step + 1}/{settings.Steps}: loss {losses.Skip(Math.Max(0, losses.Count - every)).Average():F4}, lr {lr:G3}, grad norm {norm:F3}, {tps:N0} tokens/s"));

                var last = step + 1 == settings.Steps;
                if (last || (step + 1) % settings.CheckpointEvery == 0)
                {
                    var summary = last ? Summary(name, losses) : null;
                    var state = new TrainingCheckpoint
                    {
                        SpecHash = _hash,
                        Stage = last ? s + 1 : s,
                        Step = last ? 0 : step + 1,
                        Epoch = last ? 0 : sampler.Position.Epoch,
                        Batch = last ? 0 : sampler.Position.Batch,
                        Seconds = seconds,
                        Weights = "", Metrics = "",
                        Finished = summary is null ? [.. finished] : [.. finished, summary],
                        Losses = last ? [] : [.. losses],
                    };
                    TrainingCheckpoint.Save(_out, state, done.ToString("D7", CultureInfo.InvariantCulture), SavedWeights(s),
                        last ? null : optimizer, _dropout, _metrics.ToString());
                    if (!last) _log.Line($"checkpoint: stage {s + 1} step {step + 1}");
                }
            }
            return Summary(name, losses);
        }

        private static TrainResult.StageSummary Summary(string name, List<double> losses)
        {
            var tenth = Math.Max(1, losses.Count / 10);
            return new TrainResult.StageSummary(name, losses.Count, losses.Take(tenth).Average(), losses.Skip(losses.Count - tenth).Average());
        }

        private ITrainingObjective CreateObjective(StageKind kind, int queryMax, int docMax) => kind switch
        {
            StageKind.Contrastive => new ContrastiveObjective(_model, _spec.Contrastive, queryMax, docMax, _dropout),
            _ => new ReconstructionObjective(_model, _spec.Reconstruction, queryMax, docMax),
        };

        private IReadOnlyList<TrainingExample> Examples(StageKind kind)
        {
            if (_options.Examples is { } given) return given(kind);
            var source = kind == StageKind.Reconstruction ? _spec.Data.ReconstructionTrain ?? _spec.Data.Train : _spec.Data.Train;
            var examples = TrainingDataSource.Load(source,
                kind == StageKind.Reconstruction ? TrainingDataKind.Reconstruction : TrainingDataKind.Contrastive,
                new TrainingDataOptions { Warn = _log.Line });
            _log.Line($"{Name(kind)} data: {examples.Count:N0} examples from {source}");
            return examples;
        }

        /// <summary>Attaches LoRA adapters when stage <paramref name="s"/> trains them and none are attached yet.</summary>
        private void EnsureStructure(int s)
        {
            if (_model.Lora is not null || !UsesLora(Settings(_spec, _spec.Stages[s]).Trainable)) return;
            var l = _spec.Lora;
            _model.AttachLora(new LoraConfig { Rank = l.R, Alpha = l.Alpha, Dropout = l.Dropout, TargetModules = l.Targets }, _init, _dropout);
        }

        /// <summary>Switches gradients on for exactly the parameters <paramref name="kind"/> names; returns them.</summary>
        private List<Tensor> SetTrainable(TrainableKind kind, int s)
        {
            var head = _model.Pooling.Module?.parameters().ToList() ?? [];
            foreach (var p in head) p.requires_grad_(kind is TrainableKind.Head or TrainableKind.HeadAndLora or TrainableKind.Full);
            foreach (var (n, p) in _model.Decoder.named_parameters())
            {
                var adapter = n.Contains(".lora_", StringComparison.Ordinal);
                p.requires_grad_(kind == TrainableKind.Full || (adapter && UsesLora(kind)));
            }
            var list = _model.Decoder.parameters().Concat(head).Where(p => p.requires_grad).ToList();
            if (list.Count == 0)
                throw new UserInputException($"stage {s + 1} ({Name(_spec.Stages[s])}) trains nothing: trainable '{kind}' with pooling '{_spec.Pooling}', which has no parameters; use lora, head+lora or full");
            if (kind == TrainableKind.Lora && head.Count > 0)
                _log.Line($"note: stage {s + 1} trains LoRA only; the {_spec.Pooling} head keeps its current weights (use head+lora to train it too)");
            return list;
        }

        /// <summary>Every parameter by a checkpoint name (<c>decoder.</c> / <c>head.</c> + its module name).</summary>
        private Dictionary<string, Tensor> AllParameters()
        {
            var all = _model.Decoder.named_parameters().ToDictionary(p => "decoder." + p.name, p => p.parameter);
            if (_model.Pooling.Module is { } m) foreach (var (n, p) in m.named_parameters()) all["head." + n] = p;
            return all;
        }

        /// <summary>The parameters stages 0..<paramref name="s"/> can have changed (all of them after a full stage).</summary>
        private IEnumerable<(string, Tensor)> SavedWeights(int s)
        {
            var kinds = _spec.Stages.Take(s + 1).Select(k => Settings(_spec, k).Trainable).ToList();
            var full = kinds.Contains(TrainableKind.Full);
            var head = full || kinds.Any(k => k is TrainableKind.Head or TrainableKind.HeadAndLora);
            foreach (var (n, p) in AllParameters())
            {
                if (n.StartsWith("head.", StringComparison.Ordinal) ? head : full || n.Contains(".lora_", StringComparison.Ordinal))
                    yield return (n, p);
            }
        }

        private static string ScheduleName(ScheduleKind kind) => kind switch
        {
            ScheduleKind.Constant => "constant",
            ScheduleKind.ConstantWithWarmup => "constant_with_warmup",
            ScheduleKind.Linear => "linear",
            _ => "cosine",
        };

        public void Dispose()
        {
            _model.Dispose();
            _init.Dispose();
            _dropout.Dispose();
        }
    }

    /// <summary>Appends timestamped lines to train.log (never truncated: a runner may log there too) and passes them on.</summary>
    private sealed class RunLog(string path, Action<string>? forward)
    {
        private readonly string _path = path;
        private readonly Action<string>? _forward = forward;

        public void Line(string message)
        {
            File.AppendAllText(_path, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {message}\n");
            _forward?.Invoke(message);
        }
    }
}

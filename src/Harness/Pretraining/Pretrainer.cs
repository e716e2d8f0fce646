using System.Diagnostics;
using System.Globalization;
using Ablation.Harness.IO;
using Ablation.Models.Decoders;
using Ablation.Models.Tokenizers;
using Ablation.Torch;
using Ablation.Torch.IO;
using Ablation.Torch.Optim;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Pretrains a <see cref="LlamaDecoder"/> from scratch as a causal LM, following a <see cref="PretrainingRecipe"/>:
/// 1. a byte-level BPE tokenizer is trained on the first documents of train.txt;
/// 2. train and held-out documents are packed into token rows (<see cref="TokenStream"/>);
/// 3. AdamW (decay on matrices only), warmup + decay schedule, global-norm clipping, one dispose scope per step;
///    the loss of every step goes to <c>train-metrics.csv</c>;
/// 4. held-out perplexity is measured and compared with an add-one unigram model of the training tokens;
/// 5. the result is written as a Hugging Face checkpoint (config.json, model.safetensors, tokenizer files).
/// Randomness comes from generators derived from the recipe seed per purpose (initialisation, data order), so a
/// recipe always gives the same model on the same machine and thread count.
/// </summary>
public sealed class Pretrainer(PretrainingRecipe recipe, PretrainingCorpus corpus, Action<string>? log = null)
{
    /// <summary>The per-step log in the checkpoint folder.</summary>
    public const string MetricsFile = "train-metrics.csv";

    /// <summary>train-metrics.csv is flushed to disk after every this-many steps (and after the last).</summary>
    public const int MetricsFlushSteps = 10;

    /// <summary>Called after every step (for progress bars).</summary>
    public Action<PretrainingStep>? OnStep { get; init; }

    /// <summary>Called with the trained model before it is disposed (tests compare its outputs with the saved copy's).</summary>
    public Action<LlamaDecoder>? OnTrained { get; init; }

    /// <summary>Trains and writes the checkpoint into <paramref name="folder"/> (which should be a fresh staging folder).</summary>
    public PretrainingResult Run(string folder)
    {
        var total = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);

        // 1. Tokenizer.
        Log($"training a {recipe.VocabSize}-token BPE tokenizer on {recipe.TokenizerDocuments:N0} documents of {corpus.TrainPath}");
        var trainer = new BpeTrainer(new BpeTrainerOptions
        {
            VocabSize = recipe.VocabSize,
            MinFrequency = recipe.MinFrequency,
            ModelMaxLength = recipe.SeqLength,
        }).Train(PretrainingCorpus.Documents(corpus.TrainPath, recipe.TokenizerDocuments));
        trainer.Save(folder);
        var tokenizer = TokenizerLoader.Load(folder);

        // 2. Packed token rows.
        var trainStream = TokenStream.Encode(tokenizer, PretrainingCorpus.Documents(corpus.TrainPath, recipe.MaxTrainDocuments),
            minTokens: recipe.TrainTokens + 1);
        var trainRows = trainStream.Sequences(recipe.SeqLength);
        if (trainRows.Length < recipe.BatchSize)
            throw new InvalidDataException($"{corpus.TrainPath} gives only {trainRows.Length} rows of {recipe.SeqLength} tokens; a batch needs {recipe.BatchSize} (use more documents or lower training.batch_size)");
        var heldOutStream = TokenStream.Encode(tokenizer, PretrainingCorpus.Documents(corpus.HeldOutPath), minTokens: recipe.HeldOutTokens + 1);
        var heldOutRows = heldOutStream.Sequences(recipe.SeqLength).Take((recipe.HeldOutTokens + recipe.SeqLength - 1) / recipe.SeqLength).ToArray();
        if (heldOutRows.Length == 0)
            throw new InvalidDataException($"{corpus.HeldOutPath} holds fewer than {recipe.SeqLength + 1} tokens; held-out perplexity needs at least one row");
        Log(string.Format(CultureInfo.InvariantCulture, "train: {0:N0} documents → {1:N0} tokens ({2:N0} rows; {3:F2} epochs); held-out: {4:N0} rows",
            trainStream.Documents, trainStream.Tokens.Length, trainRows.Length, (double)recipe.Steps * recipe.BatchSize / trainRows.Length, heldOutRows.Length));

        // 3. Model, optimiser, schedule.
        var config = recipe.ToDecoderConfig(tokenizer.VocabSize);
        using var model = CreateModel(recipe, config);
        using var optimizer = CreateOptimizer(model, recipe);
        var schedule = LearningRateSchedules.Create(recipe.Schedule, recipe.LearningRate, recipe.WarmupSteps, recipe.Steps, recipe.MinLrRatio);
        long parameters = model.parameter_count();
        Log($"model: {parameters:N0} parameters, {recipe.NumHiddenLayers} layers, {recipe.NumAttentionHeads} query / {recipe.NumKeyValueHeads} key-value heads, {recipe.Dtype}; {TorchThreads.Description}");

        var order = new BatchOrder(trainRows.Length, recipe.BatchSize, DerivedSeed(recipe.Seed, "data-order"));
        var losses = new double[recipe.Steps];
        var clock = Stopwatch.StartNew();
        // train-metrics.csv grows in the staging folder as training goes (flushed every MetricsFlushSteps steps), so
        // it can be watched; the whole folder, this file included, appears under its final name only when complete.
        using (var csv = new StreamWriter(new FileStream(Path.Combine(folder, MetricsFile), FileMode.Create, FileAccess.Write, FileShare.Read),
                   new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n" })
        {
            csv.WriteLine("step,loss,learning_rate,grad_norm,tokens_per_second");
            csv.Flush();
            model.train();
            for (int step = 0; step < recipe.Steps; step++)
            {
                double lr = schedule.LearningRate(step);
                double loss, norm;
                using (torch.NewDisposeScope())
                {
                    var (inputs, targets) = Batch(trainRows, order.Next(), recipe.SeqLength);
                    (loss, norm) = TrainStep(model, optimizer, inputs, targets, lr, recipe.MaxGradNorm);
                }
                FiniteCheck.Value(loss, $"the training loss of {recipe.Name} at step {step + 1} (lower training.learning_rate or set training.max_grad_norm)");
                losses[step] = loss;
                double tps = (double)(step + 1) * recipe.BatchSize * recipe.SeqLength / clock.Elapsed.TotalSeconds;
                csv.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step + 1},{loss:R},{lr:R},{norm:R},{tps:F1}"));
                if ((step + 1) % MetricsFlushSteps == 0 || step + 1 == recipe.Steps) csv.Flush();
                OnStep?.Invoke(new PretrainingStep(step + 1, recipe.Steps, loss, lr, tps));
                if ((step + 1) % Math.Max(1, recipe.Steps / 10) == 0 || step + 1 == recipe.Steps)
                    Log(string.Format(CultureInfo.InvariantCulture, "step {0}/{1}: loss {2:F3}, lr {3:G3}, {4:N0} tokens/s",
                        step + 1, recipe.Steps, losses.Skip(Math.Max(0, step - 9)).Take(Math.Min(10, step + 1)).Average(), lr, tps));
            }
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;

        // 4. Held-out perplexity of the model and of the unigram baseline on the same target tokens.
        model.eval();
        double heldOutNll = MeanNll(model, heldOutRows, recipe.BatchSize, recipe.SeqLength, config.VocabSize);
        var unigram = new UnigramBaseline(trainRows.Take(Math.Min(trainRows.Length, recipe.Steps * recipe.BatchSize)).SelectMany(r => r.Skip(1)), config.VocabSize);
        double unigramPpl = unigram.Perplexity(heldOutRows.SelectMany(r => r.Skip(1)));

        OnTrained?.Invoke(model);

        // 5. Hugging Face checkpoint.
        AtomicFile.WriteAllText(Path.Combine(folder, "config.json"), config.ToJson() + "\n");
        model.save_safetensors(Path.Combine(folder, "model.safetensors"), new Dictionary<string, string> { ["format"] = "pt" });
        AtomicFile.WriteAllText(Path.Combine(folder, "recipe.json"), recipe.ToJson());

        int tenth = Math.Max(1, recipe.Steps / 10);
        var result = new PretrainingResult
        {
            Folder = folder,
            RecipeHash = recipe.Hash(corpus.Key),
            Parameters = parameters,
            VocabSize = config.VocabSize,
            Steps = recipe.Steps,
            TrainTokens = recipe.TrainTokens,
            TrainSeconds = trainSeconds,
            TotalSeconds = total.Elapsed.TotalSeconds,
            TokensPerSecond = recipe.TrainTokens / trainSeconds,
            InitialLoss = losses.Take(tenth).Average(),
            FinalLoss = losses.Skip(recipe.Steps - tenth).Average(),
            HeldOutTokens = (long)heldOutRows.Length * recipe.SeqLength,
            HeldOutPerplexity = Math.Exp(heldOutNll),
            UnigramPerplexity = unigramPpl,
        };
        AtomicFile.WriteAllText(Path.Combine(folder, "pretraining.json"), result.ToJson());
        return result;
    }

    /// <summary>The recipe's decoder in its dtype, initialised by <see cref="Initialise"/>.</summary>
    public static LlamaDecoder CreateModel(PretrainingRecipe recipe, DecoderConfig config)
    {
        var model = new LlamaDecoder(config, recipe.Dtype == "bfloat16" ? ScalarType.BFloat16 : ScalarType.Float32);
        Initialise(model, recipe);
        return model;
    }

    /// <summary>AdamW with weight decay on the matrices (embeddings, projections) and none on the norm weights.</summary>
    public static AdamW CreateOptimizer(LlamaDecoder model, PretrainingRecipe recipe)
    {
        var decay = model.named_parameters().Where(p => p.parameter.dim() >= 2).Select(p => p.parameter).ToList();
        var plain = model.named_parameters().Where(p => p.parameter.dim() < 2).Select(p => p.parameter).ToList();
        var optimizer = new AdamW(decay, recipe.LearningRate, recipe.AdamBeta1, recipe.AdamBeta2, recipe.AdamEpsilon, recipe.WeightDecay);
        if (plain.Count > 0) optimizer.add_param_group(plain, recipe.LearningRate, 0.0);
        return optimizer;
    }

    /// <summary>
    /// One optimisation step on int64 <paramref name="inputs"/> / <paramref name="targets"/> [batch, seq]: forward with
    /// logits, mean next-token cross-entropy (in float32), backward, global-norm clipping, AdamW update at
    /// <paramref name="learningRate"/>. Returns the loss and the pre-clipping gradient norm (NaN without clipping).
    /// Call inside a dispose scope.
    /// </summary>
    public static (double Loss, double GradNorm) TrainStep(LlamaDecoder model, AdamW optimizer, Tensor inputs, Tensor targets,
        double learningRate, double? maxGradNorm)
    {
        optimizer.set_lr(learningRate);
        using var output = model.Forward(inputs, torch.ones_like(inputs), AttentionMode.Causal, logits: true);
        var logits = output.Logits!;
        var loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.shape[^1]).to(ScalarType.Float32), targets.view(-1));
        optimizer.zero_grad();
        loss.backward();
        double norm = maxGradNorm is { } max ? torch.nn.utils.clip_grad_norm_(model.parameters(), max) : double.NaN;
        optimizer.step();
        return (loss.item<float>(), norm);
    }

    /// <summary>
    /// The Hugging Face Llama initialisation: every matrix (embeddings and projections) from N(0, initializer_range),
    /// norm weights 1, biases 0; drawn in parameter-name order from a generator seeded for this purpose only.
    /// </summary>
    public static void Initialise(LlamaDecoder model, PretrainingRecipe recipe)
    {
        using var generator = new Generator(DerivedSeed(recipe.Seed, "init"));
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (parameter.dim() >= 2) parameter.normal_(0, recipe.InitializerRange, generator);
            else if (name.EndsWith("norm.weight", StringComparison.Ordinal)) parameter.fill_(1);
            else parameter.fill_(0);
        }
    }

    /// <summary>Mean next-token negative log-likelihood (nats) over every target of <paramref name="rows"/>.</summary>
    public static double MeanNll(LlamaDecoder model, int[][] rows, int batchSize, int seqLength, int vocabSize)
    {
        double sum = 0;
        long count = 0;
        using var noGrad = torch.no_grad();
        for (int start = 0; start < rows.Length; start += batchSize)
        {
            using var scope = torch.NewDisposeScope();
            var (inputs, targets) = Batch(rows, Enumerable.Range(start, Math.Min(batchSize, rows.Length - start)).ToArray(), seqLength);
            using var output = model.Forward(inputs, torch.ones_like(inputs), AttentionMode.Causal, logits: true);
            var total = torch.nn.functional.cross_entropy(output.Logits!.view(-1, vocabSize).to(ScalarType.Float32), targets.view(-1),
                reduction: torch.nn.Reduction.Sum);
            sum += total.to(ScalarType.Float64).item<double>();
            count += targets.numel();
        }
        return sum / count;
    }

    /// <summary>int64 inputs and targets [rows, seqLength] from the chosen rows.</summary>
    private static (Tensor Inputs, Tensor Targets) Batch(int[][] rows, int[] indices, int seqLength)
    {
        var inputs = new long[indices.Length * seqLength];
        var targets = new long[indices.Length * seqLength];
        for (int b = 0; b < indices.Length; b++)
        {
            var row = rows[indices[b]];
            for (int t = 0; t < seqLength; t++)
            {
                inputs[b * seqLength + t] = row[t];
                targets[b * seqLength + t] = row[t + 1];
            }
        }
        long[] shape = [indices.Length, seqLength];
        return (torch.tensor(inputs, shape), torch.tensor(targets, shape));
    }

    /// <summary>A seed for one purpose, independent of the others (changing one never shifts another).</summary>
    internal static ulong DerivedSeed(int seed, string purpose) =>
        BitConverter.ToUInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{seed}/{purpose}")), 0) >> 1;

    private void Log(string message) => log?.Invoke(message);

    /// <summary>Row indices, batch by batch: each epoch is a fresh permutation of all rows.</summary>
    private sealed class BatchOrder(int rows, int batchSize, ulong seed)
    {
        private readonly Random _random = new((int)(seed & int.MaxValue));
        private int[] _permutation = [];
        private int _position = int.MaxValue;

        public int[] Next()
        {
            var batch = new int[batchSize];
            for (int i = 0; i < batchSize; i++)
            {
                if (_position >= _permutation.Length)
                {
                    _permutation = Enumerable.Range(0, rows).ToArray();
                    _random.Shuffle(_permutation);
                    _position = 0;
                }
                batch[i] = _permutation[_position++];
            }
            return batch;
        }
    }
}

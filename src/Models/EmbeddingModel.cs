using Ablation.Models.Decoders;
using Ablation.Models.Lora;
using Ablation.Models.Pooling;
using Ablation.Models.Tokenizers;
using Ablation.Torch;
using Ablation.Torch.Nn;
using Ablation.Torch.IO;

namespace Ablation.Models;

/// <summary>
/// A text-embedding model: a decoder LLM (optionally with LoRA adapters), an attention mode, a pooling head and
/// instruction templates (instructions on queries only by default, as in both papers). EOS is appended to every
/// text so last-token pooling reads it. <see cref="Encode"/> returns L2-normalised float vectors;
/// <see cref="Embed"/> is the differentiable path used for training.
/// </summary>
public sealed class EmbeddingModel : IDisposable
{
    public const string HeadFile = "pooling_head.safetensors";

    /// <summary>The decoder's own weights, written only when training changed them (full fine-tuning).</summary>
    public const string DecoderFile = "decoder.safetensors";

    public EmbeddingModel(LlamaDecoder decoder, ITokenizer tokenizer, AttentionMode attention, IPoolingHead pooling,
        PoolingSpec poolingSpec, string baseModel, InstructionTemplates? instructions = null, int maxLength = 512)
    {
        Decoder = decoder;
        Tokenizer = tokenizer;
        Attention = attention;
        Pooling = pooling;
        PoolingSpec = poolingSpec;
        BaseModel = baseModel;
        Instructions = instructions ?? new InstructionTemplates();
        MaxLength = maxLength;
    }

    public LlamaDecoder Decoder { get; }
    public ITokenizer Tokenizer { get; }
    public AttentionMode Attention { get; }
    public IPoolingHead Pooling { get; }
    public PoolingSpec PoolingSpec { get; }
    public string BaseModel { get; }
    public InstructionTemplates Instructions { get; set; }
    public int MaxLength { get; }
    public int BatchSize { get; set; } = 16;
    public PaddingSide PaddingSide { get; set; } = PaddingSide.Right;

    /// <summary>
    /// True when training changed the base weights themselves (full fine-tuning): <see cref="Save"/> then writes
    /// them (<see cref="DecoderFile"/>, adapters excluded) and <see cref="Load"/> puts them over the base checkpoint's.
    /// </summary>
    public bool DecoderWeightsChanged { get; set; }

    /// <summary>The LoRA settings when adapters are attached.</summary>
    public LoraConfig? Lora { get; private set; }

    /// <summary>Embedding width (the decoder's hidden size).</summary>
    public int Dimension => Decoder.Config.HiddenSize;

    /// <summary>Parameters that train: LoRA matrices (when attached) and the pooling head's.</summary>
    public IEnumerable<Tensor> TrainableParameters()
    {
        foreach (var p in Decoder.parameters()) if (p.requires_grad) yield return p;
        if (Pooling.Module is { } m) foreach (var p in m.parameters()) if (p.requires_grad) yield return p;
    }

    /// <summary>Freezes the base and attaches fresh adapters.</summary>
    public void AttachLora(LoraConfig config, Generator init, Generator? dropout = null)
    {
        Decoder.ApplyLora(config, init, dropout);
        Lora = config;
    }

    /// <summary>Texts cut to <see cref="MaxLength"/> tokens so far by tokenisation (callers report them).</summary>
    public long TruncatedTexts => Interlocked.Read(ref _truncatedTexts);

    private long _truncatedTexts;

    /// <summary>Token ids, mask and instruction mask of a batch (as int64 tensors).</summary>
    public (Tensor Ids, Tensor Mask, Tensor InstructionMask, TokenBatch Batch) Tokenize(IReadOnlyList<string> texts, TextKind kind) =>
        Tokenize(texts, kind, Instructions, null, null);

    /// <summary>
    /// <see cref="Tokenize(IReadOnlyList{string}, TextKind)"/> with <paramref name="templates"/> instead of
    /// <see cref="Instructions"/> for this call only, so callers with per-task instructions never mutate the model.
    /// </summary>
    public (Tensor Ids, Tensor Mask, Tensor InstructionMask, TokenBatch Batch) Tokenize(IReadOnlyList<string> texts, TextKind kind,
        InstructionTemplates templates) =>
        Tokenize(texts, kind, templates, null, null);

    /// <summary>
    /// <see cref="Tokenize(IReadOnlyList{string}, TextKind)"/> with one instruction per text (training records carry
    /// their own; null or empty = the templates' instruction for <paramref name="kind"/>), joined by the same
    /// templates, and rows cut at <paramref name="maxLength"/> (null = <see cref="MaxLength"/>).
    /// </summary>
    public (Tensor Ids, Tensor Mask, Tensor InstructionMask, TokenBatch Batch) Tokenize(IReadOnlyList<string> texts, TextKind kind,
        IReadOnlyList<string?>? instructions, int? maxLength) =>
        Tokenize(texts, kind, Instructions, instructions, maxLength);

    private (Tensor Ids, Tensor Mask, Tensor InstructionMask, TokenBatch Batch) Tokenize(IReadOnlyList<string> texts, TextKind kind,
        InstructionTemplates baseTemplates, IReadOnlyList<string?>? instructions, int? maxLength)
    {
        if (instructions is not null && instructions.Count != texts.Count)
            throw new ArgumentException($"{instructions.Count} instructions for {texts.Count} texts", nameof(instructions));
        var full = new string[texts.Count];
        var prefixTokens = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var templates = instructions?[i] is { Length: > 0 } own
                ? (kind == TextKind.Query ? baseTemplates with { QueryInstruction = own } : baseTemplates with { DocumentInstruction = own })
                : baseTemplates;
            var (f, prefix) = templates.Split(texts[i], kind);
            full[i] = f;
            prefixTokens[i] = prefix.Length == 0 ? 0 : Tokenizer.Encode(prefix, addSpecial: false).Length;
        }
        var batch = Tokenizer.EncodeBatch(full, new BatchEncodingOptions
        {
            MaxLength = maxLength ?? MaxLength, PaddingSide = PaddingSide, Truncation = true, AppendEos = true,
        });
        if (batch.TruncatedRows > 0) Interlocked.Add(ref _truncatedTexts, batch.TruncatedRows);
        var bos = Tokenizer.AddsBosByDefault && Tokenizer.BosId is not null ? 1 : 0;
        var instruction = new long[batch.InputIds.Length];
        for (var r = 0; r < batch.BatchSize; r++)
        {
            var start = r * batch.SequenceLength + (batch.PaddingSide == PaddingSide.Left ? batch.SequenceLength - batch.Lengths[r] : 0);
            var n = Math.Min(prefixTokens[r], Math.Max(0, batch.Lengths[r] - bos - 1));
            for (var j = 0; j < n; j++) instruction[start + bos + j] = 1;
        }
        long[] shape = [batch.BatchSize, batch.SequenceLength];
        return (torch.tensor(batch.InputIds, shape), torch.tensor(batch.AttentionMask, shape), torch.tensor(instruction, shape), batch);
    }

    /// <summary>Differentiable embeddings [B, dim] of one batch (L2-normalised unless <paramref name="normalize"/> is false).</summary>
    public Tensor Embed(IReadOnlyList<string> texts, TextKind kind, bool normalize = true, InstructionTemplates? instructions = null)
    {
        var (ids, mask, instruction, _) = Tokenize(texts, kind, instructions ?? Instructions);
        return EmbedTokens(ids, mask, instruction, normalize);
    }

    /// <summary>Differentiable embeddings [B, dim] of already tokenised rows (see <see cref="Tokenize(IReadOnlyList{string}, TextKind, IReadOnlyList{string?}?, int?)"/>).</summary>
    public Tensor EmbedTokens(Tensor ids, Tensor mask, Tensor? instructionMask, bool normalize = true)
    {
        var output = Decoder.Forward(ids, mask, Attention);
        return Pooling.Pool(new PoolingInput(output.HiddenStates, mask, instructionMask), normalize);
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> without gradients, in batches of similar length (sorted, so little padding),
    /// and returns float vectors of unit norm in the input order. <paramref name="instructions"/> overrides
    /// <see cref="Instructions"/> for this call only.
    /// </summary>
    public List<float[]> Encode(IReadOnlyList<string> texts, TextKind kind, IProgress<int>? progress = null,
        InstructionTemplates? instructions = null)
    {
        var lengths = texts.Select(t => t.Length).ToArray();
        var order = Enumerable.Range(0, texts.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i).ToArray();
        var result = new float[texts.Count][];
        var wasTraining = Decoder.training;
        Decoder.eval();
        Pooling.Module?.eval();
        try
        {
            using var noGrad = torch.no_grad();
            for (var start = 0; start < order.Length; start += BatchSize)
            {
                using var scope = torch.NewDisposeScope();
                var idx = order.Skip(start).Take(BatchSize).ToArray();
                var e = Embed([.. idx.Select(i => texts[i])], kind, normalize: true, instructions).to(ScalarType.Float32).contiguous();
                var flat = e.data<float>();
                var dim = (int)e.shape[1];
                for (var r = 0; r < idx.Length; r++) result[idx[r]] = flat.AsSpan(r * dim, dim).ToArray();
                progress?.Report(Math.Min(order.Length, start + BatchSize));
            }
        }
        finally
        {
            if (wasTraining)
            {
                Decoder.train();
                Pooling.Module?.train();
            }
        }
        return [.. result];
    }

    /// <summary>
    /// Saves what training changed — adapters, pooling head, the decoder weights when
    /// <see cref="DecoderWeightsChanged"/>, and <see cref="EmbeddingModelConfig"/> — into <paramref name="folder"/>.
    /// The base checkpoint is referenced by <see cref="BaseModel"/> (for its config and tokenizer), not copied.
    /// </summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        if (DecoderWeightsChanged)
            SafetensorsWriter.Write(Path.Combine(folder, DecoderFile),
                Decoder.named_parameters().Where(p => !p.name.Contains(".lora_", StringComparison.Ordinal))
                    .Select(p => SafetensorsEntry.FromBytes(p.name, p.parameter.dtype, p.parameter.shape, p.parameter.detach().contiguous().bytes())),
                new Dictionary<string, string> { ["format"] = "pt" });
        if (Lora is not null) LoraAdapterFile.Save(Decoder, Lora, folder, BaseModel);
        if (Pooling.Module is { } head)
            SafetensorsWriter.Write(Path.Combine(folder, HeadFile),
                head.named_parameters().Select(p => SafetensorsEntry.FromBytes(p.name, p.parameter.dtype, p.parameter.shape, p.parameter.detach().contiguous().bytes())));
        var config = new EmbeddingModelConfig
        {
            BaseModel = BaseModel,
            Attention = Attention,
            Pooling = PoolingSpec,
            Instructions = Instructions,
            MaxLength = MaxLength,
            Lora = Lora,
            DecoderWeights = DecoderWeightsChanged ? DecoderFile : null,
        };
        // Written last and atomically: a folder whose config is present holds complete weights.
        AtomicWrite.WriteAllText(Path.Combine(folder, EmbeddingModelConfig.FileName), config.ToJson() + "\n");
    }

    /// <summary>
    /// Opens <paramref name="path"/>: a trained model folder (with embedding_config.json, or a cell folder whose
    /// checkpoint/ has one) or a bare Hugging Face checkpoint folder (then only eos_last or mean pooling).
    /// </summary>
    public static EmbeddingModel Load(string path, EmbeddingLoadOptions? options = null)
    {
        options ??= new EmbeddingLoadOptions();
        var trained = FindTrained(path);
        if (trained is null) return FromCheckpoint(path, options);

        var configPath = Path.Combine(trained, EmbeddingModelConfig.FileName);
        var config = options.ReadConfig?.Invoke(configPath) ?? EmbeddingModelConfig.Load(configPath);
        if (options.Pooling is not null && options.Pooling != config.Pooling.Name)
            throw new ArgumentException(
                $"{trained}: this model was trained with pooling '{config.Pooling.Name}'; it cannot be used with '{options.Pooling}'");
        var basePath = options.ResolveBase?.Invoke(config.BaseModel)
            ?? (Path.IsPathRooted(config.BaseModel) ? config.BaseModel : Path.GetFullPath(Path.Combine(trained, config.BaseModel)));
        var checkpoint = HuggingFaceCheckpoint.Open(basePath);
        var decoder = checkpoint.LoadDecoder(options.Dtype);
        if (config.DecoderWeights is { } own) LoadHead(decoder, Path.Combine(trained, own));
        LoraConfig? lora = null;
        if (File.Exists(Path.Combine(trained, LoraAdapterFile.ConfigFile)))
            lora = LoraAdapterFile.Load(decoder, trained);
        var attention = options.Attention ?? config.Attention;
        using var init = new Generator(0);
        var head = PoolingHeads.Create(config.Pooling, decoder.Config.HiddenSize, decoder.NumLayers, config.Attention, init, decoder.Dtype);
        if (head.Module is { } module) LoadHead(module, Path.Combine(trained, HeadFile));
        var instructions = options.QueryInstruction is null ? config.Instructions : config.Instructions with { QueryInstruction = options.QueryInstruction };
        var model = new EmbeddingModel(decoder, checkpoint.LoadTokenizer(), attention, head, config.Pooling, config.BaseModel,
            instructions, options.MaxLength) { BatchSize = options.BatchSize };
        model.Lora = lora;
        model.DecoderWeightsChanged = config.DecoderWeights is not null;
        return model;
    }

    private static EmbeddingModel FromCheckpoint(string path, EmbeddingLoadOptions options)
    {
        var pooling = options.Pooling ?? "eos_last";
        if (PoolingHeads.IsTrainable(pooling))
            throw new ArgumentException(
                $"{path}: pooling '{pooling}' has trainable weights, and a bare checkpoint has none; use eos_last or mean, or a trained model");
        var checkpoint = HuggingFaceCheckpoint.Open(path);
        if (!checkpoint.HasTokenizer)
            throw new FileNotFoundException($"{path}: no tokenizer.json or tokenizer.model in the checkpoint folder");
        var decoder = checkpoint.LoadDecoder(options.Dtype);
        var attention = options.Attention ?? AttentionMode.Causal;
        var spec = new PoolingSpec { Name = pooling };
        using var init = new Generator(0);
        var head = PoolingHeads.Create(spec, decoder.Config.HiddenSize, decoder.NumLayers, attention, init, decoder.Dtype);
        return new EmbeddingModel(decoder, checkpoint.LoadTokenizer(), attention, head, spec, Path.GetFullPath(path),
            InstructionTemplates.PaperA(options.QueryInstruction), options.MaxLength) { BatchSize = options.BatchSize };
    }

    /// <summary>The folder holding embedding_config.json for <paramref name="path"/>, or null for a bare checkpoint.</summary>
    private static string? FindTrained(string path)
    {
        if (File.Exists(Path.Combine(path, EmbeddingModelConfig.FileName))) return path;
        var inner = Path.Combine(path, "checkpoint");
        return File.Exists(Path.Combine(inner, EmbeddingModelConfig.FileName)) ? inner : null;
    }

    /// <summary>Fills a module's parameters (a pooling head's, or a decoder's apart from adapters) from a safetensors file by name.</summary>
    public static void LoadHead(Module head, string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: weights not found", file);
        using var reader = SafetensorsFile.Open(file);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in head.named_parameters())
        {
            if (name.Contains(".lora_", StringComparison.Ordinal)) continue;
            if (!reader.Contains(name)) throw new InvalidDataException($"{file}: tensor '{name}' is missing");
            var info = reader.Info(name);
            if (!info.Shape.SequenceEqual(parameter.shape))
                throw new InvalidDataException($"{file}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}], expected [{string.Join(", ", parameter.shape)}]");
            using var scope = torch.NewDisposeScope();
            parameter.copy_(torch.frombuffer(reader.ReadBytes(name), info.Dtype, info.ShapeArray()).to(parameter.dtype));
        }
    }

    public void Dispose()
    {
        Decoder.Dispose();
        Pooling.Module?.Dispose();
    }
}

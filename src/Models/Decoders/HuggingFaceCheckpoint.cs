using Ablation.Models.Tokenizers;
using Ablation.Torch;
using Ablation.Torch.IO;

namespace Ablation.Models.Decoders;

/// <summary>
/// A Hugging Face checkpoint folder: <c>config.json</c>, weights as <c>model.safetensors</c> or shards with
/// <c>model.safetensors.index.json</c>, and tokenizer files. Weights load into a <see cref="LlamaDecoder"/> by
/// their HF names, in the stored dtype or cast to the requested one.
/// </summary>
public sealed class HuggingFaceCheckpoint
{
    private HuggingFaceCheckpoint(string folder, DecoderConfig config)
    {
        Folder = folder;
        Config = config;
    }

    public string Folder { get; }
    public DecoderConfig Config { get; }

    /// <summary>Reads the folder's config.json (weights are read by <see cref="LoadDecoder"/>).</summary>
    public static HuggingFaceCheckpoint Open(string folder)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"{folder}: checkpoint folder not found");
        return new HuggingFaceCheckpoint(folder, DecoderConfig.Load(Path.Combine(folder, "config.json")));
    }

    /// <summary>True when the folder has tokenizer files (tokenizer.json or tokenizer.model).</summary>
    public bool HasTokenizer =>
        File.Exists(Path.Combine(Folder, "tokenizer.json")) || File.Exists(Path.Combine(Folder, "tokenizer.model"));

    /// <summary>The folder's tokenizer.</summary>
    public ITokenizer LoadTokenizer() => TokenizerLoader.Load(Folder);

    /// <summary>The dtype the weights are stored in (that of <c>model.embed_tokens.weight</c>).</summary>
    public ScalarType StoredDtype()
    {
        using var reader = ShardedSafetensorsReader.Open(Folder);
        const string key = "model.embed_tokens.weight";
        if (!reader.Contains(key)) throw MissingTensor(reader, key);
        return reader.Info(key).Dtype;
    }

    /// <summary>
    /// Builds the decoder and fills every parameter from the safetensors files. <paramref name="dtype"/> null keeps
    /// the stored dtype. A missing or mis-shaped tensor is an error naming the file and the key, and so is a
    /// tensor the model would not use (e.g. layer 3 of a checkpoint whose config.json says 3 layers): a config
    /// that does not match its weights must not load silently. Only buffers that transformers itself recomputes
    /// (<c>rotary_emb.inv_freq</c>) and <c>lm_head.weight</c> of a tied model are ignored.
    /// </summary>
    public LlamaDecoder LoadDecoder(ScalarType? dtype = null)
    {
        using var reader = ShardedSafetensorsReader.Open(Folder);
        var target = dtype ?? StoredDtypeOf(reader);
        var decoder = new LlamaDecoder(Config, target);
        var used = decoder.named_parameters().Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        var unused = reader.Tensors.Select(t => t.Name)
            .Where(name => !used.Contains(name) && !IgnorableTensor(name))
            .Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
        {
            decoder.Dispose();
            throw new InvalidDataException(
                $"{reader.Source}: {unused.Count} tensor(s) that config.json does not account for, e.g. {string.Join(", ", unused.Take(5).Select(n => $"'{n}'"))}; " +
                "the checkpoint does not match its config.json (check num_hidden_layers and the other sizes)");
        }
        using (torch.no_grad())
        {
            foreach (var (name, parameter) in decoder.named_parameters())
            {
                if (!reader.Contains(name)) throw MissingTensor(reader, name);
                var info = reader.Info(name);
                if (!info.Shape.SequenceEqual(parameter.shape))
                    throw new InvalidDataException(
                        $"{reader.FileOf(name).Path}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}] but config.json implies [{string.Join(", ", parameter.shape)}]");
                using var scope = torch.NewDisposeScope();
                var bytes = reader.ReadBytes(name);
                var stored = torch.frombuffer(bytes, info.Dtype, info.ShapeArray());
                parameter.copy_(stored.to(target));
            }
        }
        return decoder;
    }

    private bool IgnorableTensor(string name) =>
        name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal)
        || (name == "lm_head.weight" && Config.TieWordEmbeddings);

    private static ScalarType StoredDtypeOf(ShardedSafetensorsReader reader)
    {
        const string key = "model.embed_tokens.weight";
        if (!reader.Contains(key)) throw MissingTensor(reader, key);
        return reader.Info(key).Dtype;
    }

    private static InvalidDataException MissingTensor(ShardedSafetensorsReader reader, string key)
    {
        var files = string.Join(", ", reader.Files.Select(f => Path.GetFileName(f.Path)));
        return new InvalidDataException($"{reader.Source}: tensor '{key}' is missing (looked in {files}); the checkpoint does not match its config.json");
    }
}

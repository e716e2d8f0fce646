using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Harness.Data;
using Ablation.Harness.Pretraining;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Pooling;
using Ablation.Models.Tokenizers;
using Ablation.Torch;

namespace Ablation.Bench;

/// <summary>
/// <c>models --encode</c>: encode throughput (texts/s) of <c>builtin:tiny-base</c> with every pooling head and
/// attention mode, on the first N document texts of the built-in suite's WordNetReverseDictionaryRetrieval corpus.
/// Per run it times (a) <see cref="EmbeddingModel.Encode"/> end to end (tokenization included) and (b) model + head
/// only, on the same length-sorted batches Encode forms, tokenized beforehand. For the PyTorch peer
/// (scripts/benchmarks/models_encode_peer.py) it writes into <c>--out</c>: <c>batches.bin</c> (those token batches),
/// <c>bench.json</c> (checkpoint, head sizes, runs) and per run the freshly initialised head
/// (<c>pooling_head.safetensors</c>, seed fixed) and our embeddings (<c>embeddings.f32</c>, input order) so the peer
/// can check it computes the same thing. Prints <c>ours &lt;mode&gt; &lt;head&gt; &lt;encode texts/s&gt; &lt;model+head texts/s&gt;</c>.
/// Options: --out DIR --texts 2000 --batch 32 --max-length 64 --repeats 1 --seed 0 --threads 1
/// </summary>
public static class EncodeBench
{
    public static int Run(string[] args)
    {
        string Opt(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Int(string name, int fallback) => int.Parse(Opt(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var outDir = Opt("--out", "") is { Length: > 0 } o ? o : throw new ArgumentException("--out DIR is required");
        int count = Int("--texts", 2000), batchSize = Int("--batch", 32), maxLength = Int("--max-length", 64),
            repeats = Int("--repeats", 1), seed = Int("--seed", 0);
        Directory.CreateDirectory(outDir);
        TorchThreads.IntraOp = Int("--threads", 1);

        var folder = BaseModels.Resolve(BaseModels.TinyBase);
        var corpus = Path.Combine(BuiltinData.EnsureBuilt().SuiteFolder, "WordNetReverseDictionaryRetrieval", "corpus.jsonl");
        var texts = File.ReadLines(corpus).Select(l => JsonNode.Parse(l)!["text"]!.GetValue<string>()).Take(count).ToList();
        Console.Error.WriteLine($"{texts.Count} texts from {corpus}; {TorchThreads.Description}");

        var checkpoint = HuggingFaceCheckpoint.Open(folder);
        using var decoder = checkpoint.LoadDecoder();
        var tokenizer = checkpoint.LoadTokenizer();
        var hidden = decoder.Config.HiddenSize;
        var headConfig = PoolingHeadConfig.Small(hidden);

        // Encode's batching: texts sorted by length (longest first, ties by index), cut into batches of batchSize.
        var order = Enumerable.Range(0, texts.Count).OrderByDescending(i => texts[i].Length).ThenBy(i => i).ToArray();
        var batches = order.Chunk(batchSize).ToArray();

        // One untimed full pass first: the JIT's tiers and the allocators settle during the first seconds, which
        // otherwise slows whichever run comes first.
        new EmbeddingModel(decoder, tokenizer, AttentionMode.Causal, new EosLastPooling(), new PoolingSpec { Name = "eos_last" },
            folder, new InstructionTemplates(), maxLength) { BatchSize = batchSize }.Encode(texts, TextKind.Document);

        var runs = new JsonArray();
        var first = true;
        foreach (var mode in new[] { AttentionMode.Causal, AttentionMode.Bidirectional })
            foreach (var name in PoolingHeads.Names)
            {
                var spec = new PoolingSpec { Name = name, Head = headConfig };
                using var init = new Generator((ulong)seed);
                var head = PoolingHeads.Create(spec, hidden, decoder.NumLayers, mode, init);
                // Not disposed: it would dispose the shared decoder; the head module is disposed below.
                var model = new EmbeddingModel(decoder, tokenizer, mode, head, spec, folder, new InstructionTemplates(), maxLength)
                {
                    BatchSize = batchSize,
                };
                var tokenized = batches.Select(b => model.Tokenize([.. b.Select(i => texts[i])], TextKind.Document)).ToArray();
                if (first) WriteBatches(Path.Combine(outDir, "batches.bin"), batches, tokenized);
                first = false;

                var run = $"{mode.Name()}-{name}";
                var runDir = Path.Combine(outDir, run);
                model.Save(runDir);
                List<float[]> embeddings = [];
                var encode = Median(repeats, () => model.Encode(texts.Take(2 * batchSize).ToList(), TextKind.Document),
                    () => embeddings = model.Encode(texts, TextKind.Document));
                WriteEmbeddings(Path.Combine(runDir, "embeddings.f32"), embeddings);
                var forward = Median(repeats, () => ModelAndHead(model, tokenized[..2]), () => ModelAndHead(model, tokenized));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ours {mode.Name()} {name} {texts.Count / encode:F1} {texts.Count / forward:F1}"));
                runs.Add(new JsonObject { ["attention"] = mode.Name(), ["pooling"] = name, ["dir"] = run });
                foreach (var t in tokenized) { t.Ids.Dispose(); t.Mask.Dispose(); t.InstructionMask.Dispose(); }
                head.Module?.Dispose();
            }

        var manifest = new JsonObject
        {
            ["checkpoint"] = folder,
            ["texts"] = texts.Count,
            ["batch_size"] = batchSize,
            ["max_length"] = maxLength,
            ["repeats"] = repeats,
            ["head"] = new JsonObject
            {
                ["num_latents"] = headConfig.NumLatents, ["num_heads"] = headConfig.NumHeads, ["head_dim"] = headConfig.HeadDim,
                ["ffn_mult"] = headConfig.FfnMult, ["layer_norm_eps"] = headConfig.LayerNormEps,
            },
            ["runs"] = runs,
        };
        File.WriteAllText(Path.Combine(outDir, "bench.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return 0;
    }

    /// <summary>What Encode does per batch minus tokenization: decoder, head, copy of the floats out.</summary>
    private static void ModelAndHead(EmbeddingModel model, (Tensor Ids, Tensor Mask, Tensor InstructionMask, TokenBatch Batch)[] batches)
    {
        using var noGrad = torch.no_grad();
        foreach (var b in batches)
        {
            using var scope = torch.NewDisposeScope();
            var output = model.Decoder.Forward(b.Ids, b.Mask, model.Attention);
            var e = model.Pooling.Pool(new PoolingInput(output.HiddenStates, b.Mask, b.InstructionMask)).to(ScalarType.Float32).contiguous();
            GC.KeepAlive(e.data<float>());
        }
    }

    /// <summary>An untimed <paramref name="warmUp"/>, then the median seconds of <paramref name="repeats"/> calls of <paramref name="pass"/>.</summary>
    private static double Median(int repeats, Action warmUp, Action pass)
    {
        warmUp();
        var times = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            pass();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>
    /// Little-endian: int32 batch count; per batch int32 rows B and columns T, B int32 text indices (input order),
    /// then B·T int64 ids and B·T int64 attention mask.
    /// </summary>
    private static void WriteBatches(string path, int[][] batches,
        (Tensor Ids, Tensor Mask, Tensor InstructionMask, TokenBatch Batch)[] tokenized)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write(batches.Length);
        for (var i = 0; i < batches.Length; i++)
        {
            var tb = tokenized[i].Batch;
            w.Write(tb.BatchSize);
            w.Write(tb.SequenceLength);
            foreach (var index in batches[i]) w.Write(index);
            foreach (var id in tb.InputIds) w.Write(id);
            foreach (var m in tb.AttentionMask) w.Write(m);
        }
    }

    /// <summary>Raw float32 [n, dim], row-major, little-endian.</summary>
    private static void WriteEmbeddings(string path, List<float[]> embeddings)
    {
        using var w = new BinaryWriter(File.Create(path));
        foreach (var row in embeddings) foreach (var x in row) w.Write(x);
    }
}

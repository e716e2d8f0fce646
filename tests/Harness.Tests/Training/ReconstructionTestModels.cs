using System.Text.Json;
using Ablation.Harness.Data.Training;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Models.Pooling;
using Ablation.Models.Tokenizers;
using Ablation.Tests.Shared;
using Ablation.Torch;

namespace Ablation.Harness.Tests.Training;

/// <summary>
/// A tokenizer for the fixture checkpoints, which have none: a text is its token ids written as numbers
/// ("17 42 5"), so the tests and tests/fixtures/reconstruction/make_reconstruction_fixtures.py see the same ids.
/// </summary>
internal sealed class IdTokenizer : TokenizerBase
{
    public IdTokenizer(int vocab, int? bos, int eos, int pad)
    {
        VocabSize = vocab;
        ConfigureSpecialTokens(bos, eos, pad, bos is int b ? [b] : [], []);
    }

    public override int VocabSize { get; }

    protected override void EncodeBody(string text, List<int> output)
    {
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) output.Add(int.Parse(part));
    }

    public override string Decode(IReadOnlyList<int> ids, bool skipSpecial = true) => string.Join(' ', ids);
    public override int? TokenToId(string token) => int.TryParse(token, out var id) ? id : null;
    public override string? IdToToken(int id) => id.ToString();
}

/// <summary>Models and reference values of tests/fixtures/reconstruction/expected.json.</summary>
internal static class ReconstructionTestModels
{
    private static readonly Lazy<JsonElement> ExpectedJson = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("reconstruction", "expected.json"))).RootElement);

    public static JsonElement Expected => ExpectedJson.Value;

    /// <summary>An embedding model over a fixture checkpoint (llama-tiny or qwen2-tiny), causal, with
    /// "{instruction} {text}" joining as the fixture script does.</summary>
    public static EmbeddingModel Load(string checkpoint, string pooling = "eos_last", PaddingSide padding = PaddingSide.Right,
        AttentionMode attention = AttentionMode.Causal, ScalarType dtype = ScalarType.Float32)
    {
        var decoder = HuggingFaceCheckpoint.Open(RepoPaths.Fixture("models", checkpoint)).LoadDecoder(dtype);
        var c = decoder.Config;
        using var config = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("models", checkpoint, "config.json")));
        var root = config.RootElement;
        int? bos = root.GetProperty("model_type").GetString() == "llama" ? root.GetProperty("bos_token_id").GetInt32() : null;
        var tokenizer = new IdTokenizer(c.VocabSize, bos, root.GetProperty("eos_token_id").GetInt32(), root.GetProperty("pad_token_id").GetInt32());
        var spec = new PoolingSpec { Name = pooling, Head = PoolingHeads.IsTrainable(pooling) ? new PoolingHeadConfig(4, 2, 8, 2) : null };
        using var init = new Generator(3);
        var head = PoolingHeads.Create(spec, c.HiddenSize, decoder.NumLayers, attention, init, decoder.Dtype);
        return new EmbeddingModel(decoder, tokenizer, attention, head, spec, checkpoint,
            new InstructionTemplates { Format = "{instruction} {text}" }, maxLength: 64) { PaddingSide = padding };
    }

    /// <summary>The fixture's batch: queries with their instructions and documents, as training examples.</summary>
    public static List<TrainingExample> Batch()
    {
        var inputs = Expected.GetProperty("inputs");
        string Text(JsonElement ids) => string.Join(' ', ids.EnumerateArray().Select(x => x.GetInt32()));
        var q = inputs.GetProperty("queries").EnumerateArray().ToArray();
        var i = inputs.GetProperty("instructions").EnumerateArray().ToArray();
        var d = inputs.GetProperty("documents").EnumerateArray().ToArray();
        return [.. Enumerable.Range(0, q.Length).Select(r => new TrainingExample(Text(q[r]), Text(d[r]), [], Text(i[r]), "", $"fixture row {r}"))];
    }

    /// <summary>A nested JSON array of numbers as a float32 tensor.</summary>
    public static Tensor Floats(JsonElement e)
    {
        var shape = new List<long>();
        for (var cur = e; cur.ValueKind == JsonValueKind.Array; cur = cur[0]) shape.Add(cur.GetArrayLength());
        var values = new List<float>();
        void Flatten(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array) foreach (var y in x.EnumerateArray()) Flatten(y);
            else values.Add(x.GetSingle());
        }
        Flatten(e);
        return torch.tensor([.. values], [.. shape]);
    }

    public static Tensor Parameter(LlamaDecoder decoder, string name) =>
        decoder.named_parameters().Single(p => p.name == name).parameter;

    public static double MaxAbs(Tensor t) => t.abs().max().item<float>();
}

using System.Text.Json;
using Ablation.Models.Decoders;
using Ablation.Tests.Shared;
using Ablation.Torch;

namespace Ablation.Models.Tests;

/// <summary>Reads tests/fixtures/models (made by make_decoder_fixtures.py) into tensors.</summary>
internal static class Fixtures
{
    private static readonly Lazy<JsonElement> Decoder = new(() => Load("decoder_expected.json"));
    private static readonly Lazy<JsonElement> PoolingJson = new(() => Load("pooling_expected.json"));

    public static JsonElement DecoderExpected => Decoder.Value;
    public static JsonElement Pooling => PoolingJson.Value;

    public static string Checkpoint(string name) => RepoPaths.Fixture("models", name);

    private static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("models", file))).RootElement;

    /// <summary>A nested JSON array of numbers as a float32 tensor of the same shape.</summary>
    public static Tensor Floats(JsonElement e)
    {
        var shape = new List<long>();
        var cur = e;
        while (cur.ValueKind == JsonValueKind.Array) { shape.Add(cur.GetArrayLength()); cur = cur[0]; }
        var values = new List<float>();
        Flatten(e, values);
        return torch.tensor([.. values], [.. shape]);
    }

    /// <summary>A nested JSON array of integers as an int64 tensor.</summary>
    public static Tensor Longs(JsonElement e)
    {
        var rows = e.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt64()).ToArray()).ToArray();
        return torch.tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);
    }

    private static void Flatten(JsonElement e, List<float> into)
    {
        if (e.ValueKind == JsonValueKind.Array) foreach (var x in e.EnumerateArray()) Flatten(x, into);
        else into.Add(e.GetSingle());
    }

    /// <summary>Largest |a − b| over the real-token rows of [.., B, T, D] tensors (mask [B, T]).</summary>
    public static double MaxDiffOnRealTokens(Tensor a, Tensor b, Tensor mask)
    {
        var m = mask.ne(0L).to(ScalarType.Float32).unsqueeze(-1);
        return a.to(ScalarType.Float32).sub(b.to(ScalarType.Float32)).abs().mul(m).max().item<float>();
    }

    public static LlamaDecoder LoadDecoder(string name, ScalarType? dtype = ScalarType.Float32) =>
        HuggingFaceCheckpoint.Open(Checkpoint(name)).LoadDecoder(dtype);
}

using System.Text.Json;
using Ablation.Torch;

namespace Ablation.Torch.Tests;

/// <summary>Reads tensors stored by tests/fixtures/torch/make_torch_fixtures.py ({shape, dtype, data}).</summary>
internal static class FixtureTensors
{
    public static Tensor Decode(JsonElement e, bool requiresGrad = false)
    {
        var shape = e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        var data = e.GetProperty("data");
        switch (e.GetProperty("dtype").GetString())
        {
            case "bool": return torch.tensor(data.EnumerateArray().Select(v => v.GetBoolean()).ToArray(), shape).view(shape);
            case "int64": return torch.tensor(data.EnumerateArray().Select(v => v.GetInt64()).ToArray(), shape).view(shape);
            default:
                var t = torch.tensor(data.EnumerateArray().Select(ParseFloat).ToArray(), shape).view(shape);
                return requiresGrad ? t.requires_grad_() : t;
        }
    }

    // Python's json writes inf/nan as Infinity/NaN tokens that System.Text.Json reads only as numbers when allowed.
    private static float ParseFloat(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetSingle() : float.Parse(v.GetString()!);

    public static float[] Floats(JsonElement e) => e.GetProperty("data").EnumerateArray().Select(ParseFloat).ToArray();

    public static long[] Shape(JsonElement e) => e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();

    public static JsonDocument Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Ablation.Tests.Shared.RepoPaths.Fixture("torch", file)),
            new JsonDocumentOptions { AllowTrailingCommas = false });

    /// <summary>Asserts |actual - expected| ≤ atol + rtol·|expected| elementwise (infinities must match exactly).</summary>
    public static void AssertClose(float[] expected, float[] actual, double rtol, double atol, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsInfinity(e) || double.IsNaN(e)) { Assert.True(e.Equals(a), $"{what}[{i}]: {a} vs {e}"); continue; }
            Assert.True(Math.Abs(a - e) <= atol + rtol * Math.Abs(e), $"{what}[{i}]: got {a}, expected {e}");
        }
    }
}

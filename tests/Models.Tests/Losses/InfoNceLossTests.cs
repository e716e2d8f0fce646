using System.Text.Json;
using Ablation.Models.Losses;
using Ablation.Tests.Shared;
using Ablation.Torch;

namespace Ablation.Models.Tests.Losses;

/// <summary>
/// InfoNCE against PyTorch (tests/fixtures/losses/make_infonce_fixture.py, float64: loss and gradients with respect
/// to queries, positives and negatives) and a 2 queries × 3 documents example worked by hand.
/// </summary>
public sealed class InfoNceLossTests
{
    private static readonly JsonElement Expected =
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("losses", "infonce_expected.json"))).RootElement;

    public static TheoryData<string> Cases() => ["k2_tau005", "k2_tau002_symmetric", "k0_tau1"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_and_gradients_match_pytorch(string name)
    {
        var c = Expected.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        using var scope = torch.NewDisposeScope();
        var q = Matrix(c.GetProperty("queries")).requires_grad_();
        var p = Matrix(c.GetProperty("positives")).requires_grad_();
        var hasNegatives = c.GetProperty("negatives").GetArrayLength() > 0;
        var n = hasNegatives ? Matrix(c.GetProperty("negatives")).requires_grad_() : null;

        var parts = InfoNceLoss.Compute(q, p, n, c.GetProperty("temperature").GetDouble(), c.GetProperty("symmetric").GetBoolean());
        parts.Loss.backward();

        Assert.Equal(c.GetProperty("loss").GetDouble(), parts.Loss.item<double>(), 12);
        Assert.Equal(c.GetProperty("query_to_doc").GetDouble(), parts.QueryToDoc.item<double>(), 12);
        if (c.GetProperty("doc_to_query").ValueKind == JsonValueKind.Number)
            Assert.Equal(c.GetProperty("doc_to_query").GetDouble(), parts.DocToQuery!.item<double>(), 12);
        else
            Assert.Null(parts.DocToQuery);
        AssertClose(c.GetProperty("grad_queries"), q.grad!);
        AssertClose(c.GetProperty("grad_positives"), p.grad!);
        if (n is not null) AssertClose(c.GetProperty("grad_negatives"), n.grad!);
    }

    /// <summary>
    /// q1 = (1, 0), q2 = (0, 1); positives p1 = q1, p2 = q2; one negative (1, 1) (cosine 1/√2 with both queries).
    /// At τ = 1 each query scores [1, 0, 1/√2] (own positive first), so each loss is
    /// −log(e¹ / (e¹ + e⁰ + e^{1/√2})) = ln(2.7182818 + 1 + 2.0281150) − 1 = ln(5.7463968) − 1 = 0.7485730.
    /// At τ = 0.5 the scores double: ln(e² + 1 + e^{√2}) − 2 = ln(7.3890561 + 1 + 4.1132504) − 2 = 0.5259131.
    /// </summary>
    [Theory]
    [InlineData(1.0, 0.7485730166666686)]
    [InlineData(0.5, 0.5259131455039494)]
    public void Two_by_three_example_worked_by_hand(double temperature, double expected)
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.tensor(new double[] { 1, 0, 0, 1 }, [2, 2]);
        var p = torch.tensor(new double[] { 1, 0, 0, 1 }, [2, 2]);
        var n = torch.tensor(new double[] { 3, 3 }, [1, 2]); // length does not matter: cosine
        var loss = InfoNceLoss.Compute(q, p, n, temperature).Loss.item<double>();
        Assert.Equal(expected, loss, 7);
    }

    [Fact]
    public void A_perfect_match_at_low_temperature_has_almost_no_loss_and_a_swapped_one_a_large_loss()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.tensor(new double[] { 1, 0, 0, 1 }, [2, 2]);
        var swapped = torch.tensor(new double[] { 0, 1, 1, 0 }, [2, 2]);
        Assert.True(InfoNceLoss.Compute(q, q, null, 0.01).Loss.item<double>() < 1e-40);
        Assert.Equal(100.0, InfoNceLoss.Compute(q, swapped, null, 0.01).Loss.item<double>(), 6); // log(1 + e^100) ≈ 100
    }

    [Fact]
    public void Bad_shapes_and_temperature_are_rejected()
    {
        using var scope = torch.NewDisposeScope();
        var q = torch.zeros([2, 3], ScalarType.Float64);
        Assert.Throws<ArgumentOutOfRangeException>(() => InfoNceLoss.Compute(q, q, null, 0));
        Assert.Throws<ArgumentException>(() => InfoNceLoss.Compute(q, torch.zeros([3, 3], ScalarType.Float64), null, 0.05));
        Assert.Throws<ArgumentException>(() => InfoNceLoss.Compute(q, q, torch.zeros([2, 4], ScalarType.Float64), 0.05));
    }

    private static Tensor Matrix(JsonElement rows)
    {
        var values = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        return torch.tensor(values.SelectMany(r => r).ToArray(), [values.Length, values[0].Length]);
    }

    private static void AssertClose(JsonElement expected, Tensor actual)
    {
        var e = expected.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(x => x.GetDouble())).ToArray();
        var a = actual.contiguous().data<double>();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - a[i]) <= 1e-10 + 1e-8 * Math.Abs(e[i]), $"gradient [{i}]: {a[i]} vs PyTorch {e[i]}");
    }
}

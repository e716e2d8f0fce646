using System.Text.Json;
using Ablation.Torch;
using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Tests;

/// <summary>
/// Forward values and gradients of ops against python3-torch 1.13 (tests/fixtures/torch/ops.json, made by
/// make_torch_fixtures.py). Each case recomputes the output from the stored inputs, then the gradients of
/// sum(output · upstream).
/// </summary>
public class OpsFixtureTests
{
    private static readonly Lazy<JsonDocument> Doc = new(() => FixtureTensors.Load("ops.json"));

    private static readonly Dictionary<string, Func<Dictionary<string, Tensor>, Tensor[]>> Cases = new()
    {
        ["exp"] = i => [i["x"].exp()],
        ["log"] = i => [i["x"].log()],
        ["sqrt"] = i => [i["x"].sqrt()],
        ["rsqrt"] = i => [i["x"].rsqrt()],
        ["abs"] = i => [i["x"].abs()],
        ["neg"] = i => [-i["x"]],
        ["pow"] = i => [i["x"].pow(2.5)],
        ["clamp"] = i => [i["x"].clamp(-0.5, 0.5)],
        ["relu"] = i => [F.relu(i["x"])],
        ["gelu"] = i => [F.gelu(i["x"])],
        ["gelu_tanh"] = i => [F.gelu(i["x"], tanhApproximation: true)],
        ["silu"] = i => [F.silu(i["x"])],
        ["sigmoid"] = i => [torch.sigmoid(i["x"])],
        ["tanh"] = i => [torch.tanh(i["x"])],
        ["sin"] = i => [i["x"].sin()],
        ["cos"] = i => [i["x"].cos()],
        ["add"] = i => [i["a"] + i["b"]],
        ["sub"] = i => [i["a"] - i["b"]],
        ["mul"] = i => [i["a"] * i["b"]],
        ["div"] = i => [i["a"] / i["b"]],
        ["maximum"] = i => [torch.maximum(i["a"], i["b"])],
        ["scalar_ops"] = i => [(2.0 - i["x"]) * 3.0 / 4.0 + 1.5],
        ["where"] = i => [torch.where(i["c"], i["a"], i["b"])],
        ["matmul"] = i => [i["a"].matmul(i["b"])],
        ["bmm"] = i => [torch.bmm(i["a"], i["b"])],
        ["linear"] = i => [F.linear(i["x"], i["w"], i["b"])],
        ["sum_dim"] = i => [i["x"].sum(1)],
        ["sum_all"] = i => [i["x"].sum()],
        ["mean_keepdim"] = i => [i["x"].mean(-1, keepdim: true)],
        ["logsumexp"] = i => [i["x"].logsumexp(1)],
        ["amax"] = i => [i["x"].amax(1)],
        ["max_dim"] = i => { var (v, ix) = i["x"].max(2); return [v, ix]; },
        ["cumsum"] = i => [i["x"].cumsum(1)],
        ["topk"] = i => { var (v, ix) = i["x"].topk(2, dim: -1); return [v, ix]; },
        ["sort_desc"] = i => { var (v, ix) = i["x"].sort(-1, descending: true); return [v, ix]; },
        ["argmax"] = i => [i["x"].argmax(-1)],
        ["softmax"] = i => [i["x"].softmax(-1)],
        ["log_softmax"] = i => [i["x"].log_softmax(-1)],
        ["permute_reshape"] = i => [i["x"].permute(2, 0, 1).reshape(4, 6)],
        ["transpose_contig"] = i => [i["x"].transpose(0, 2).contiguous()],
        ["narrow"] = i => [i["x"].narrow(1, 1, 2)],
        ["slice_step"] = i => [i["x"].slice(2, 0, 4, 2)],
        ["unsqueeze_expand"] = i => [i["x"].unsqueeze(1).expand(3, 2, 4)],
        ["gather"] = i => [i["x"].gather(1, i["i"])],
        ["index_select"] = i => [i["x"].index_select(0, i["i"])],
        ["scatter"] = i => [i["x"].scatter(1, i["i"], i["s"])],
        ["masked_fill"] = i => [i["x"].masked_fill(i["m"], -2.0)],
        ["tril_triu"] = i => [i["x"].tril(-1) + 2 * i["x"].triu(1)],
        ["cat"] = i => [torch.cat([i["a"], i["b"]], 1)],
        ["stack"] = i => [torch.stack([i["a"], i["b"]], 1)],
        ["split_second"] = i => [i["x"].split(2, dim: 1)[1]],
        ["chunk_last"] = i => [i["x"].chunk(3, dim: 1)[2]],
        ["layer_norm"] = i => [F.layer_norm(i["x"], [4], i["w"], i["b"], 1e-5)],
        ["rms_norm"] = i => [F.rms_norm(i["x"], i["w"], 1e-6)],
        ["embedding"] = i => [F.embedding(i["i"], i["w"])],
        ["cosine_similarity"] = i => [F.cosine_similarity(i["a"], i["b"], dim: -1)],
        ["normalize"] = i => [F.normalize(i["x"], 2, dim: -1)],
        ["mse_loss"] = i => [F.mse_loss(i["a"], i["b"])],
        ["cross_entropy"] = i => [F.cross_entropy(i["x"], i["t"])],
        ["cross_entropy_ignore"] = i => [F.cross_entropy(i["x"], i["t"], ignore_index: -100)],
        ["cross_entropy_ignore_custom"] = i => [F.cross_entropy(i["x"], i["t"], ignore_index: 3)],
        ["cross_entropy_none"] = i => [F.cross_entropy(i["x"], i["t"], reduction: torch.nn.Reduction.None)],
        ["cross_entropy_sum"] = i => [F.cross_entropy(i["x"], i["t"], reduction: torch.nn.Reduction.Sum)],
        ["cross_entropy_smoothing"] = i => [F.cross_entropy(i["x"], i["t"], label_smoothing: 0.1)],
        ["cross_entropy_smoothing_ignore"] = i => [F.cross_entropy(i["x"], i["t"], label_smoothing: 0.2)],
        ["cross_entropy_3d"] = i => [F.cross_entropy(i["x"].transpose(1, 2), i["t"])],
        ["sdpa_plain"] = i => [F.scaled_dot_product_attention(i["q"], i["k"], i["v"])],
        ["sdpa_causal"] = i => [F.scaled_dot_product_attention(i["q"], i["k"], i["v"], is_causal: true)],
        ["sdpa_padding_bool"] = i => [F.scaled_dot_product_attention(i["q"], i["k"], i["v"], i["m"])],
        ["sdpa_additive"] = i => [F.scaled_dot_product_attention(i["q"], i["k"], i["v"], i["m"])],
        ["sdpa_causal_padding"] = i => [F.scaled_dot_product_attention(i["q"], i["k"], i["v"], i["m"])],
    };

    public static IEnumerable<object[]> CaseNames() => Cases.Keys.Select(k => new object[] { k });

    [Fact]
    public void EveryFixtureCaseHasAnImplementationAndViceVersa()
    {
        var names = Doc.Value.RootElement.GetProperty("cases").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(names.Order(), Cases.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ForwardAndGradientMatchPyTorch(string name)
    {
        using var scope = torch.NewDisposeScope();
        var entry = Doc.Value.RootElement.GetProperty("cases").GetProperty(name);
        var inputs = entry.GetProperty("inputs").EnumerateObject()
            .ToDictionary(p => p.Name, p => FixtureTensors.Decode(p.Value, requiresGrad: p.Value.GetProperty("dtype").GetString() == "float32" && p.Name != "m"));
        var outputs = Cases[name](inputs);
        var expected = entry.GetProperty("outputs").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, outputs.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(FixtureTensors.Shape(expected[k]), outputs[k].shape);
            if (expected[k].GetProperty("dtype").GetString() == "int64")
                Assert.Equal(expected[k].GetProperty("data").EnumerateArray().Select(v => v.GetInt64()), outputs[k].data<long>());
            else
                FixtureTensors.AssertClose(FixtureTensors.Floats(expected[k]), outputs[k].data<float>(), 1e-4, 1e-5, $"{name} output {k}");
        }
        if (!entry.TryGetProperty("grads", out var grads)) return;
        var upstream = FixtureTensors.Decode(entry.GetProperty("upstream"));
        (outputs[0] * upstream).sum().backward();
        foreach (var g in grads.EnumerateObject())
        {
            var actual = inputs[g.Name].grad;
            Assert.True(actual is not null, $"{name}: no gradient for {g.Name}");
            FixtureTensors.AssertClose(FixtureTensors.Floats(g.Value), actual!.data<float>(), 1e-4, 1e-5, $"{name} grad {g.Name}");
        }
    }

    [Theory]
    [InlineData("bfloat16", ScalarType.BFloat16)]
    [InlineData("float16", ScalarType.Float16)]
    public void HalfPrecisionCastsRoundLikePyTorch(string key, ScalarType type)
    {
        using var scope = torch.NewDisposeScope();
        var casts = Doc.Value.RootElement.GetProperty("casts");
        var input = FixtureTensors.Decode(casts.GetProperty("input"));
        var roundTrip = input.to(type);
        Assert.Equal(type, roundTrip.dtype);
        Assert.Equal(FixtureTensors.Floats(casts.GetProperty(key)), roundTrip.to(ScalarType.Float32).data<float>());
    }
}

using System.Text.Json;
using Ablation.Models.Decoders;
using Ablation.Models.Pooling;
using Ablation.Tests.Shared;
using Ablation.Torch;
using Ablation.Torch.Nn;
using Ablation.Torch.IO;

namespace Ablation.Models.Tests.Pooling;

public class PoolingHeadTests
{
    private static readonly PoolingHeadConfig Head = new(NumLatents: 4, NumHeads: 2, HeadDim: 8, FfnMult: 2);

    private static (PoolingInput Input, JsonElement Expected) Case(string name)
    {
        var c = Fixtures.Pooling.GetProperty("cases").GetProperty(name);
        var states = Fixtures.Floats(c.GetProperty("hidden_states"));
        var hs = Enumerable.Range(0, (int)states.shape[0]).Select(i => states[i]).ToList();
        var input = new PoolingInput(hs, Fixtures.Longs(c.GetProperty("attention_mask")), Fixtures.Longs(c.GetProperty("instruction_mask")));
        return (input, c.GetProperty("expected"));
    }

    /// <summary>Copies the fixture's parameters with the given prefix into <paramref name="module"/>.</summary>
    private static void LoadPrefixed(Module module, string prefix)
    {
        using var file = SafetensorsFile.Open(RepoPaths.Fixture("models", "pooling_heads.safetensors"));
        using var noGrad = torch.no_grad();
        var count = 0;
        foreach (var (name, p) in module.named_parameters())
        {
            var info = file.Info(prefix + name);
            p.copy_(torch.tensor(file.ReadAsSingle(prefix + name), info.ShapeArray()));
            count++;
        }
        Assert.Equal(file.Tensors.Count(t => t.Name.StartsWith(prefix)), count);
    }

    private static IPoolingHead Build(string key, int layers)
    {
        using var g = new Generator(1);
        return key switch
        {
            "eos_last" => new EosLastPooling(),
            "mean" => new MeanPooling(),
            "mean_excluding_instruction" => new MeanPooling(excludeInstruction: true),
            "last_layer_last_token" => Loaded(new LastLayerTrainablePooling(32, Head, LastLayerInput.LastToken, g), "last_layer."),
            "last_layer_all_tokens" => Loaded(new LastLayerTrainablePooling(32, Head, LastLayerInput.AllTokens, g), "last_layer."),
            "last_layer_all_tokens_unmasked" => Loaded(new LastLayerTrainablePooling(32, Head, LastLayerInput.AllTokensUnmasked, g), "last_layer."),
            "multi_layer_last_token" => Loaded(new MultiLayerTrainablePooling(32, layers, Head, LayerSummary.LastToken, g), "multi_layer."),
            "multi_layer_mean" => Loaded(new MultiLayerTrainablePooling(32, layers, Head, LayerSummary.Mean, g), "multi_layer."),
            "latent_attention" => Loaded(new LatentAttentionPooling(32, Head, g), "latent_attention."),
            _ => throw new ArgumentException(key),
        };
    }

    private static IPoolingHead Loaded(IPoolingHead head, string prefix)
    {
        LoadPrefixed(head.Module!, prefix);
        return head;
    }

    public static TheoryData<string, string> Heads()
    {
        var d = new TheoryData<string, string>();
        foreach (var c in new[] { "right-causal", "left-causal", "right-bidirectional", "left-bidirectional" })
            foreach (var h in new[] { "eos_last", "mean", "mean_excluding_instruction", "last_layer_last_token", "last_layer_all_tokens",
                         "last_layer_all_tokens_unmasked", "multi_layer_last_token", "multi_layer_mean", "latent_attention" })
                d.Add(c, h);
        return d;
    }

    [Theory]
    [MemberData(nameof(Heads))]
    public void MatchesTheReferenceAndHasUnitNorm(string caseName, string head)
    {
        var (input, expected) = Case(caseName);
        using var noGrad = torch.no_grad();
        var e = Build(head, input.NumLayers).Pool(input);
        Assert.Equal([3L, 32L], e.shape);
        var reference = Fixtures.Floats(expected.GetProperty(head));
        Assert.True(e.sub(reference).abs().max().item<float>() < 1e-5, $"{caseName} {head}");
        Assert.True(e.norm(1).sub(1.0).abs().max().item<float>() < 1e-5);
    }

    [Fact]
    public void EosLastWithoutNormalisationIsTheRawState()
    {
        var (input, expected) = Case("left-causal");
        var e = new EosLastPooling().Pool(input, normalize: false);
        Assert.True(e.sub(Fixtures.Floats(expected.GetProperty("eos_last_raw"))).abs().max().item<float>() < 1e-5);
    }

    [Theory]
    [InlineData("eos_last")]
    [InlineData("mean")]
    [InlineData("mean_excluding_instruction")]
    [InlineData("last_layer_last_token")]
    [InlineData("last_layer_all_tokens")]
    [InlineData("multi_layer_last_token")]
    [InlineData("multi_layer_mean")]
    [InlineData("latent_attention")]
    public void MaskedHeadsDoNotDependOnThePaddingSide(string head)
    {
        foreach (var mode in new[] { "causal", "bidirectional" })
        {
            var (right, _) = Case($"right-{mode}");
            var (left, _) = Case($"left-{mode}");
            using var noGrad = torch.no_grad();
            var h = Build(head, right.NumLayers);
            Assert.True(h.Pool(right).sub(h.Pool(left)).abs().max().item<float>() < 1e-5, $"{head} {mode}");
        }
    }

    [Fact]
    public void TheUnmaskedPaperVariantDoesDependOnPadding()
    {
        var (right, _) = Case("right-bidirectional");
        var (left, _) = Case("left-bidirectional");
        using var noGrad = torch.no_grad();
        var h = Build("last_layer_all_tokens_unmasked", right.NumLayers);
        Assert.True(h.Pool(right).sub(h.Pool(left)).abs().max().item<float>() > 1e-4);
    }

    [Theory]
    [InlineData("last_layer_trainable", "causal")]
    [InlineData("last_layer_trainable", "bidirectional")]
    [InlineData("multi_layer_trainable", "causal")]
    [InlineData("multi_layer_trainable", "bidirectional")]
    [InlineData("latent_attention", "causal")]
    public void GradientsReachEveryHeadParameter(string name, string mode)
    {
        var (input, _) = Case($"right-{mode}");
        using var g = new Generator(3);
        var head = PoolingHeads.Create(new PoolingSpec { Name = name, Head = Head }, 32, input.NumLayers, AttentionModes.Parse(mode), g);
        var e = head.Pool(input);
        e.mul(torch.randn([3, 32], g)).sum().backward();
        // With the last token as the only key (the paper's causal Model 2) the softmax is identically 1, so the
        // query path (attn_norm, to_q) cannot receive a gradient; every other parameter must.
        var singleKey = name == "last_layer_trainable" && mode == "causal";
        foreach (var (pname, p) in head.Module!.named_parameters())
        {
            var g2 = p.grad?.abs().sum().item<float>() ?? 0;
            if (singleKey && (pname.StartsWith("attn_norm.") || pname == "to_q.weight"))
                Assert.True(g2 < 1e-6, $"{name}: {pname} should get no gradient through a one-key softmax, got {g2}");
            else
                Assert.True(g2 > 0, $"{name}: {pname} got a zero gradient");
        }
    }

    [Fact]
    public void FactoryKnowsEveryName()
    {
        using var g = new Generator(1);
        foreach (var name in PoolingHeads.Names)
        {
            var h = PoolingHeads.Create(new PoolingSpec { Name = name }, 32, 2, AttentionMode.Causal, g);
            Assert.Equal(name, h.Name);
            Assert.Equal(PoolingHeads.IsTrainable(name), h.Module is not null);
        }
        Assert.Throws<ArgumentException>(() => PoolingHeads.Create(new PoolingSpec { Name = "max" }, 32, 2, AttentionMode.Causal, g));
    }
}

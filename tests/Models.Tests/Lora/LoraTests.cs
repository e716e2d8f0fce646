using Ablation.Models.Decoders;
using Ablation.Models.Lora;
using Ablation.Models.Pooling;
using Ablation.Torch;
using Ablation.Torch.IO;

namespace Ablation.Models.Tests.Lora;

public class LoraTests
{
    private static readonly Tensor Ids = torch.tensor(new long[] { 1, 17, 42, 5, 66, 23, 2, 1, 88, 3, 61, 2, 0, 0 }, [2, 7]);
    private static readonly Tensor Mask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, [2, 7]);

    private static LlamaDecoder WithAdapters(LoraConfig config, ulong seed = 5)
    {
        var d = Fixtures.LoadDecoder("llama-tiny");
        using var g = new Generator(seed);
        d.ApplyLora(config, g);
        // B starts at zero; give it values so the adapters matter in these tests.
        using var noGrad = torch.no_grad();
        foreach (var (_, layer) in d.Projections())
            layer.LoraB?.copy_(torch.randn(layer.LoraB.shape, g).mul(0.05));
        return d;
    }

    [Fact]
    public void FreshAdaptersStartAtTheBaseModelAndAreInitialisedAsPeftDoes()
    {
        using var plain = Fixtures.LoadDecoder("llama-tiny");
        using var adapted = Fixtures.LoadDecoder("llama-tiny");
        using var g = new Generator(1);
        adapted.ApplyLora(new LoraConfig { Rank = 4, Alpha = 8 }, g);
        using var noGrad = torch.no_grad();
        var a = plain.Forward(Ids, Mask, AttentionMode.Causal).LastHiddenState;
        var b = adapted.Forward(Ids, Mask, AttentionMode.Causal).LastHiddenState;
        Assert.True(a.sub(b).abs().max().item<float>() == 0);
        foreach (var (_, layer) in adapted.Projections())
        {
            Assert.Equal(0f, layer.LoraB!.abs().max().item<float>());
            var bound = 1 / Math.Sqrt(layer.InFeatures);
            var maxA = layer.LoraA!.abs().max().item<float>();
            Assert.True(maxA <= bound && maxA > 0.5 * bound, $"A ~ U(±{bound}), max {maxA}");
        }
    }

    [Fact]
    public void OnlyTheChosenProjectionsGetAdaptersAndOnlyAdaptersTrain()
    {
        using var d = Fixtures.LoadDecoder("llama-tiny");
        using var g = new Generator(1);
        d.ApplyLora(new LoraConfig { Rank = 2, TargetModules = ["q_proj", "v_proj"] }, g);
        var trainable = d.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).Order().ToList();
        Assert.Equal(2 * 2 * 2, trainable.Count);  // 2 layers × {q, v} × {A, B}
        Assert.All(trainable, n => Assert.Matches(@"^model\.layers\.\d\.self_attn\.[qv]_proj\.lora_[AB]\.weight$", n));
    }

    [Fact]
    public void GradientsFlowIntoAdaptersAndHeadButNotTheBase()
    {
        using var d = WithAdapters(new LoraConfig { Rank = 4, Dropout = 0 });
        using var g = new Generator(2);
        var head = new LastLayerTrainablePooling(32, new PoolingHeadConfig(4, 2, 8, 2), LastLayerInput.AllTokens, g);
        var output = d.Forward(Ids, Mask, AttentionMode.Bidirectional);
        head.Pool(new PoolingInput(output.HiddenStates, Mask)).mul(torch.randn([2, 32], g)).sum().backward();
        foreach (var (name, p) in d.named_parameters())
        {
            if (name.Contains(".lora_"))
                Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
            else
                Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0, $"frozen {name} got a gradient");
        }
        Assert.All(head.Module!.parameters(), p => Assert.True(p.grad!.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void MergedEqualsUnmerged()
    {
        using var d = WithAdapters(new LoraConfig { Rank = 4, Alpha = 16, Dropout = 0.1 });
        d.eval();   // dropout off, as at inference
        using var noGrad = torch.no_grad();
        var before = d.Forward(Ids, Mask, AttentionMode.Causal, logits: true);
        d.MergeLora();
        var after = d.Forward(Ids, Mask, AttentionMode.Causal, logits: true);
        Assert.True(Fixtures.MaxDiffOnRealTokens(before.LastHiddenState, after.LastHiddenState, Mask) < 1e-5);
        Assert.True(Fixtures.MaxDiffOnRealTokens(before.Logits!, after.Logits!, Mask) < 1e-4);
        using var plain = Fixtures.LoadDecoder("llama-tiny");
        var basis = plain.Forward(Ids, Mask, AttentionMode.Causal).LastHiddenState;
        Assert.True(Fixtures.MaxDiffOnRealTokens(basis, after.LastHiddenState, Mask) > 1e-3, "the adapters must change the output");
    }

    [Fact]
    public void AdaptersSaveWithPeftNamesAndLoadBack()
    {
        var folder = Directory.CreateTempSubdirectory("lora").FullName;
        try
        {
            var config = new LoraConfig { Rank = 4, Alpha = 8, Dropout = 0 };
            using var d = WithAdapters(config);
            LoraAdapterFile.Save(d, config, folder, "llama-tiny");
            using (var file = SafetensorsFile.Open(Path.Combine(folder, LoraAdapterFile.WeightsFile)))
            {
                var names = file.Tensors.Select(t => t.Name).ToHashSet();
                Assert.Equal(2 * 7 * 2, names.Count);
                Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", names);
                Assert.Contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight", names);
                Assert.Equal([4L, 32L], file.Info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").Shape);
                Assert.Equal([32L, 4L], file.Info("base_model.model.model.layers.0.self_attn.o_proj.lora_B.weight").Shape);
            }
            var json = File.ReadAllText(Path.Combine(folder, LoraAdapterFile.ConfigFile));
            Assert.Contains("\"peft_type\": \"LORA\"", json);
            Assert.Contains("\"lora_alpha\": 8", json);

            using var loaded = Fixtures.LoadDecoder("llama-tiny");
            Assert.Equal(config, LoraAdapterFile.Load(loaded, folder) with { TargetModules = config.TargetModules });
            using var noGrad = torch.no_grad();
            var a = d.Forward(Ids, Mask, AttentionMode.Causal).LastHiddenState;
            var b = loaded.Forward(Ids, Mask, AttentionMode.Causal).LastHiddenState;
            Assert.True(a.sub(b).abs().max().item<float>() == 0);
        }
        finally { Directory.Delete(folder, true); }
    }
}

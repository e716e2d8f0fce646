using Ablation.Torch;
using Ablation.Torch.Nn;
using Ablation.Torch.Optim;
using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Tests.Nn;

public class ModuleTests
{
    private sealed class Mlp : Module<Tensor, Tensor>
    {
        private readonly Linear fc1, fc2;

        public Mlp(Generator g)
        {
            fc1 = register_module("fc1", new Linear(2, 8, generator: g));
            fc2 = register_module("fc2", new Linear(8, 1, generator: g));
        }

        public override Tensor forward(Tensor x) => fc2.call(F.tanh(fc1.call(x)));
    }

    [Fact]
    public void ParameterNamesAreHuggingFaceStyleDottedPaths()
    {
        using var g = new Generator(0);
        using var model = new TinyCausalLm(11, 8, 2, 2, g);
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("embed_tokens.weight", names);
        Assert.Contains("layers.0.q_proj.weight", names);
        Assert.Contains("layers.1.post_attention_layernorm.weight", names);
        Assert.Contains("lm_head.weight", names);
        Assert.Equal(names.Count, model.state_dict().Count);
        Assert.Equal(11 * 8 + 2 * (4 * 64 + 3 * 128 + 2 * 8) + 8 + 8 * 11, model.parameter_count());
    }

    [Fact]
    public void StateDictRoundTripReproducesOutputsBitForBit()
    {
        using var scope = torch.NewDisposeScope();
        using var g1 = new Generator(1);
        using var g2 = new Generator(2);
        using var a = new TinyCausalLm(11, 8, 2, 1, g1);
        using var b = new TinyCausalLm(11, 8, 2, 1, g2);
        var ids = torch.tensor([1L, 4L, 2L, 9L, 3L, 3L], [2, 3]);
        Assert.False(a.call(ids).equal(b.call(ids)));
        var (missing, unexpected) = b.load_state_dict(a.state_dict());
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.True(a.call(ids).equal(b.call(ids)));
    }

    [Fact]
    public void StrictLoadReportsMissingUnexpectedAndMisshapenKeys()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(1);
        using var model = new Linear(3, 2, generator: g);
        var missing = Assert.Throws<InvalidOperationException>(() => model.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = torch.zeros(2, 3), ["extra"] = torch.zeros(1) }));
        Assert.Contains("missing keys: bias", missing.Message);
        Assert.Contains("unexpected keys: extra", missing.Message);
        var shape = Assert.Throws<InvalidOperationException>(() => model.load_state_dict(new Dictionary<string, Tensor> { ["weight"] = torch.zeros(3, 2), ["bias"] = torch.zeros(2) }));
        Assert.Contains("'weight' has shape [3, 2] but the module expects [2, 3]", shape.Message);
        var (m, u) = model.load_state_dict(new Dictionary<string, Tensor> { ["bias"] = torch.ones(2) }, strict: false);
        Assert.Equal(["weight"], m);
        Assert.Empty(u);
        Assert.Equal([1f, 1f], model.bias!.data<float>());
    }

    [Fact]
    public void ToDtypeConvertsInPlaceAndKeepsTrainability()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(1);
        using var model = new Linear(4, 3, generator: g);
        var weight = model.weight;
        var before = weight.data<float>();
        model.to(ScalarType.BFloat16);
        Assert.Same(weight, model.weight);
        Assert.Equal(ScalarType.BFloat16, model.weight.dtype);
        Assert.True(model.weight.requires_grad);
        Assert.True(model.weight.is_leaf);
        var y = model.call(torch.ones(2, 4).bfloat16());
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        y.sum().backward();
        Assert.Equal(ScalarType.BFloat16, model.weight.grad!.dtype);
        model.to(ScalarType.Float32);
        FixtureTensors.AssertClose(before, model.weight.data<float>(), 8e-3, 0, "bf16 round trip");
    }

    [Fact]
    public void FrozenParametersGetNoGradientAndTrainEvalSwitchesDropout()
    {
        using var scope = torch.NewDisposeScope();
        using var g = new Generator(1);
        using var model = new Mlp(g);
        model.named_children().First().module.requires_grad_(false);
        Assert.Equal(9, model.parameter_count(trainableOnly: true));
        model.call(torch.ones(1, 2)).sum().backward();
        Assert.All(model.named_parameters(), p => Assert.Equal(p.name.StartsWith("fc2"), p.parameter.grad is not null));

        using var dropout = new Dropout(0.5, new Generator(3));
        var x = torch.ones(10_000);
        var dropped = dropout.call(x).data<float>();
        Assert.All(dropped, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(dropped.Count(v => v == 0f), 4_700, 5_300);
        dropout.eval();
        Assert.False(dropout.training);
        Assert.True(dropout.call(x).equal(x));
    }

    [Fact]
    public void TwoLayerMlpLearnsXor()
    {
        using var g = new Generator(5);
        using var model = new Mlp(g);
        using var opt = new AdamW(model.parameters(), lr: 0.05, weight_decay: 0);
        using var x = torch.tensor([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], [4, 2]).DetachFromDisposeScope();
        using var y = torch.tensor([0f, 1f, 1f, 0f], [4, 1]).DetachFromDisposeScope();
        for (int step = 0; step < 300; step++)
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            torch.nn.functional.binary_cross_entropy_with_logits(model.call(x), y).backward();
            opt.step();
        }
        using (torch.NewDisposeScope())
        {
            var predicted = model.call(x).sigmoid().data<float>();
            Assert.True(predicted[0] < 0.1 && predicted[1] > 0.9 && predicted[2] > 0.9 && predicted[3] < 0.1, string.Join(", ", predicted));
        }
    }

    [Fact]
    public void TinyCausalTransformerOverfitsOneBatch()
    {
        using var g = new Generator(11);
        using var model = new TinyCausalLm(vocab: 16, dim: 32, heads: 4, layerCount: 2, g);
        using var opt = new AdamW(model.parameters(), lr: 3e-3, beta2: 0.95, weight_decay: 0.0);
        using var batch = torch.randint(0, 16, [4, 12], g).DetachFromDisposeScope();
        using var inputs = batch.narrow(1, 0, 11).DetachFromDisposeScope();
        using var targets = batch.narrow(1, 1, 11).DetachFromDisposeScope();
        double first = 0, last = 0;
        for (int step = 0; step < 150; step++)
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            var loss = F.cross_entropy(model.call(inputs).view(-1, 16), targets.reshape(-1));
            loss.backward();
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0);
            opt.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.InRange(first, 2.0, 4.0); // about ln 16 = 2.77 at start
        Assert.True(last < 0.1, $"loss after 150 steps: {last} (started at {first})");
    }
}

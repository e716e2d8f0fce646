using System.Text.Json;
using Ablation.Models.Losses;
using Ablation.Tests.Shared;
using Ablation.Torch;

namespace Ablation.Models.Tests.Losses;

public class ReconstructionLossTests
{
    private static JsonElement Reference() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("reconstruction", "expected.json"))).RootElement.GetProperty("shifted_cross_entropy");

    [Fact]
    public void MatchesPyTorchShiftedCrossEntropyAndItsGradient()
    {
        var r = Reference();
        var logits = Fixtures.Floats(r.GetProperty("logits")).requires_grad_();
        var labels = Fixtures.Longs(r.GetProperty("labels"));
        var loss = ReconstructionLoss.Compute(logits, labels);
        Assert.Equal(r.GetProperty("loss").GetDouble(), loss.item<float>(), 5);
        loss.backward();
        var expected = Fixtures.Floats(r.GetProperty("grad"));
        Assert.True(logits.grad!.sub(expected).abs().max().item<float>() < 1e-6);
        // The last position predicts nothing, so it gets no gradient.
        Assert.Equal(0f, logits.grad!.narrow(1, 4, 1).abs().sum().item<float>());
    }

    [Fact]
    public void UniformLogitsGiveLogOfTheVocabularyAndIgnoredTargetsDoNotCount()
    {
        // Every scored target costs ln V under uniform logits; how many are ignored must not change the mean.
        const int v = 11;
        var logits = torch.zeros([2, 4, v]);
        var labels = torch.tensor(new long[] { -100, 3, 4, -100, -100, -100, 7, 10 }, [2, 4]);
        Assert.Equal(Math.Log(v), ReconstructionLoss.Compute(logits, labels).item<float>(), 5);
        Assert.Equal(4, ReconstructionLoss.CountTargets(labels));  // 3, 4 and 7, 10
    }

    [Fact]
    public void HandWorkedTwoTokenExample()
    {
        // One row, two positions: position 0 has probabilities (1/4, 3/4) and must predict label 1 at position 1.
        var logits = torch.tensor(new float[] { 0f, (float)Math.Log(3), 5f, -5f }, [1, 2, 2]);
        var labels = torch.tensor(new long[] { -100, 1 }, [1, 2]);
        Assert.Equal(-Math.Log(0.75), ReconstructionLoss.Compute(logits, labels).item<float>(), 6);
        // The label at position 0 is never a target (nothing precedes it), whatever it holds.
        var labels0 = torch.tensor(new long[] { 0, 1 }, [1, 2]);
        Assert.Equal(-Math.Log(0.75), ReconstructionLoss.Compute(logits, labels0).item<float>(), 6);
    }

    [Fact]
    public void NoTargetsGiveZeroNotNaNAndBackwardStillWorks()
    {
        var logits = torch.randn([2, 3, 5], new Generator(1)).requires_grad_();
        var labels = torch.full([2, 3], -100, ScalarType.Int64);
        var loss = ReconstructionLoss.Compute(logits, labels);
        Assert.Equal(0f, loss.item<float>());
        loss.backward();
        Assert.Equal(0f, logits.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void RejectsMismatchedShapes()
    {
        Assert.Throws<ArgumentException>(() => ReconstructionLoss.Compute(torch.zeros([2, 3, 5]), torch.zeros([2, 4], ScalarType.Int64)));
        Assert.Throws<ArgumentException>(() => ReconstructionLoss.Compute(torch.zeros([2, 1, 5]), torch.zeros([2, 1], ScalarType.Int64)));
    }
}

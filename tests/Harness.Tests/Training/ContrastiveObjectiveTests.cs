using Ablation.Harness.Data.Training;
using Ablation.Harness.Training;
using Ablation.Harness.Training.Spec;
using Ablation.Models;
using Ablation.Models.Losses;
using Ablation.Torch;

namespace Ablation.Harness.Tests.Training;

/// <summary>
/// GradCache against the plain full-batch loss on the fixture decoder in float64 with LoRA dropout 0.1: the
/// reference encodes the same mini-batches with one graph (the same dropout stream), takes InfoNCE over all of
/// them and back-propagates once; GradCache must give the same gradient for every trainable parameter.
/// </summary>
public sealed class ContrastiveObjectiveTests
{
    private const int Mini = 3;
    private static readonly List<TrainingExample> Batch = TrainingFixtures.Examples(7);
    private static readonly ContrastiveSettings Settings = new() { MiniBatch = Mini, HardNegatives = 1, Temperature = 0.05 };

    [Theory]
    [InlineData("eos_last")]
    [InlineData("multi_layer_trainable")]
    public void GradCache_with_dropout_replay_gives_the_full_batch_gradients(string pooling)
    {
        using var dropout = new Generator(77);
        using var model = TrainingFixtures.Model(ScalarType.Float64, pooling, 0.1, dropout);
        using var scope = torch.NewDisposeScope();
        var start = dropout.get_state();

        var (referenceLoss, reference) = ReferenceGradients(model, dropout, start);
        var afterReference = dropout.get_state();

        dropout.set_state(start);
        var result = new ContrastiveObjective(model, Settings, 32, 32, dropout).ForwardBackward(Batch, 0, 1.0);
        var cached = Gradients(model);

        Assert.Equal(referenceLoss, result.Loss, 10);
        Assert.Equal(reference.Count, cached.Count);
        var worst = reference.Zip(cached).Max(p => MaxAbsDiff(p.First, p.Second));
        Assert.True(worst < 1e-5, $"largest gradient difference {worst:E2}");
        Assert.True(reference.Max(g => g.Max(Math.Abs)) > 1e-3, "the gradients are too small to show anything");
        Assert.True(dropout.get_state().equal(afterReference), "the dropout stream must continue as after one pass");
        Assert.True(result.Tokens > 0);
    }

    [Fact]
    public void Without_replaying_the_dropout_stream_the_gradients_differ()
    {
        using var dropout = new Generator(77);
        using var model = TrainingFixtures.Model(ScalarType.Float64, "eos_last", 0.1, dropout);
        using var scope = torch.NewDisposeScope();
        var start = dropout.get_state();
        var (_, reference) = ReferenceGradients(model, dropout, start);

        dropout.set_state(start);
        new ContrastiveObjective(model, Settings, 32, 32, dropout) { ReplayDropout = false }.ForwardBackward(Batch, 0, 1.0);
        var worst = reference.Zip(Gradients(model)).Max(p => MaxAbsDiff(p.First, p.Second));
        Assert.True(worst > 1e-3, $"without replay the gradients should be wrong, largest difference only {worst:E2}");
    }

    [Fact]
    public void Without_dropout_GradCache_equals_the_objective_without_mini_batches_and_the_loss_scale_scales_gradients()
    {
        using var dropout = new Generator(5);
        using var model = TrainingFixtures.Model(ScalarType.Float64, "mean", 0.0, dropout);
        using var scope = torch.NewDisposeScope();

        var plain = new ContrastiveObjective(model, Settings with { MiniBatch = null }, 32, 32, dropout).ForwardBackward(Batch, 0, 1.0);
        var full = Gradients(model);
        ZeroGrad(model);
        var cached = new ContrastiveObjective(model, Settings, 32, 32, dropout).ForwardBackward(Batch, 0, 0.25);
        var quarter = Gradients(model);

        Assert.Equal(plain.Loss, cached.Loss, 10);
        Assert.Equal(plain.Tokens, cached.Tokens);
        var worst = full.Zip(quarter).Max(p => p.First.Zip(p.Second).Max(x => Math.Abs(x.First * 0.25 - x.Second)));
        Assert.True(worst < 1e-10, $"largest difference {worst:E2}");
    }

    [Fact]
    public void Symmetric_loss_reports_both_directions_and_their_mean()
    {
        using var dropout = new Generator(5);
        using var model = TrainingFixtures.Model(ScalarType.Float64, "eos_last", 0.0, dropout);
        using var scope = torch.NewDisposeScope();
        var r = new ContrastiveObjective(model, Settings with { Symmetric = true }, 32, 32, dropout).ForwardBackward(Batch, 0, 1.0);
        Assert.Equal(ContrastiveObjective.PartNames(Settings with { Symmetric = true }), r.Parts.Keys.ToList());
        Assert.Equal((r.Parts["loss_q2d"] + r.Parts["loss_d2q"]) / 2, r.Loss, 12);
    }

    /// <summary>The same mini-batches as GradCache, in the same order from the same dropout state, in one graph.</summary>
    private static (double Loss, List<double[]> Gradients) ReferenceGradients(EmbeddingModel model, Generator dropout, Tensor start)
    {
        ZeroGrad(model);
        dropout.set_state(start);
        var queries = Batch.Select(e => e.Query).ToList();
        var instructions = Batch.Select(e => (string?)e.Instruction).ToList();
        var docs = Batch.Select(e => e.Positive).Concat(Batch.SelectMany(e => e.Negatives.Take(1))).ToList();
        Tensor Encode(List<string> texts, List<string?> instr, TextKind kind)
        {
            var parts = new List<Tensor>();
            for (var s = 0; s < texts.Count; s += Mini)
            {
                var n = Math.Min(Mini, texts.Count - s);
                var (ids, mask, im, _) = model.Tokenize(texts.GetRange(s, n), kind, instr.GetRange(s, n), 32);
                parts.Add(model.EmbedTokens(ids, mask, im));
            }
            return torch.cat(parts, 0);
        }
        var q = Encode(queries, instructions, TextKind.Query);
        var d = Encode(docs, [.. docs.Select(_ => (string?)null)], TextKind.Document);
        var loss = InfoNceLoss.Compute(q, d.narrow(0, 0, Batch.Count), d.narrow(0, Batch.Count, Batch.Count), 0.05).Loss;
        loss.backward();
        var value = loss.item<double>();
        var grads = Gradients(model);
        ZeroGrad(model);
        return (value, grads);
    }

    private static List<double[]> Gradients(EmbeddingModel model) =>
        [.. model.TrainableParameters().Select(p => p.grad is { } g ? g.contiguous().data<double>() : new double[p.numel()])];

    private static void ZeroGrad(EmbeddingModel model)
    {
        foreach (var p in model.TrainableParameters()) p.grad = null;
    }

    private static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b).Max(x => Math.Abs(x.First - x.Second));
}

using System.Text.Json;
using Ablation.Torch;
using Ablation.Torch.Optim;

namespace Ablation.Torch.Tests.Optim;

/// <summary>
/// AdamW, SGD with momentum and gradient clipping against torch.optim / clip_grad_norm_ on the same regression
/// problem (tests/fixtures/torch/optim.json from make_torch_fixtures.py), plus state save/load for resume.
/// </summary>
public class OptimizerTests
{
    private static readonly Lazy<JsonDocument> Doc = new(() => FixtureTensors.Load("optim.json"));

    private static JsonElement Run(string name) => Doc.Value.RootElement.GetProperty("runs").GetProperty(name);

    private sealed class Problem : IDisposable
    {
        public readonly Tensor W, B, X, Y;

        public Problem(JsonElement run)
        {
            W = FixtureTensors.Decode(run.GetProperty("w0"), requiresGrad: true).DetachFromDisposeScope();
            B = FixtureTensors.Decode(run.GetProperty("b0"), requiresGrad: true).DetachFromDisposeScope();
            X = FixtureTensors.Decode(run.GetProperty("x")).DetachFromDisposeScope();
            Y = FixtureTensors.Decode(run.GetProperty("y")).DetachFromDisposeScope();
        }

        public double Step(Optimizer opt, double? clip = null, double[]? norms = null, int index = 0)
        {
            using var scope = torch.NewDisposeScope();
            opt.zero_grad();
            var loss = (X.matmul(W) + B - Y).square().mean();
            loss.backward();
            if (clip is { } c)
            {
                var norm = torch.nn.utils.clip_grad_norm_([W, B], c);
                if (norms != null) norms[index] = norm;
            }
            opt.step();
            return loss.item<float>();
        }

        public void Dispose()
        {
            W.Dispose(); B.Dispose(); X.Dispose(); Y.Dispose();
        }
    }

    private static void AssertStepMatches(JsonElement expected, Problem p, double loss, string what)
    {
        Assert.True(Math.Abs(expected.GetProperty("loss").GetDouble() - loss) < 1e-5 * Math.Max(1, Math.Abs(loss)), $"{what}: loss {loss} vs {expected.GetProperty("loss").GetDouble()}");
        FixtureTensors.AssertClose(FixtureTensors.Floats(expected.GetProperty("w")), p.W.data<float>(), 1e-5, 1e-6, $"{what} w");
        FixtureTensors.AssertClose(FixtureTensors.Floats(expected.GetProperty("b")), p.B.data<float>(), 1e-5, 1e-6, $"{what} b");
    }

    [Fact]
    public void AdamWStepsMatchTorchOptimAdamW()
    {
        var run = Run("adamw");
        using var p = new Problem(run);
        using var opt = new AdamW([p.W, p.B], lr: 0.05, beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: 0.1);
        int i = 0;
        foreach (var expected in run.GetProperty("history").EnumerateArray())
            AssertStepMatches(expected, p, p.Step(opt), $"adamw step {i++}");
    }

    [Fact]
    public void SgdWithMomentumMatchesTorchOptimSgd()
    {
        var run = Run("sgd_momentum");
        using var p = new Problem(run);
        using var opt = new SGD([p.W, p.B], lr: 0.05, momentum: 0.9, weight_decay: 0.01);
        int i = 0;
        foreach (var expected in run.GetProperty("history").EnumerateArray())
            AssertStepMatches(expected, p, p.Step(opt), $"sgd step {i++}");
    }

    [Fact]
    public void ClipGradNormReturnsTheGlobalNormAndClipsLikePyTorch()
    {
        var run = Run("adamw_clipped");
        using var p = new Problem(run);
        using var opt = new AdamW([p.W, p.B], lr: 0.05, weight_decay: 0);
        var history = run.GetProperty("history").EnumerateArray().ToArray();
        var norms = new double[history.Length];
        for (int i = 0; i < history.Length; i++)
        {
            var loss = p.Step(opt, clip: 0.5, norms: norms, index: i);
            AssertStepMatches(history[i], p, loss, $"clipped step {i}");
            var expectedNorm = history[i].GetProperty("norm").GetDouble();
            Assert.True(Math.Abs(norms[i] - expectedNorm) < 1e-5 * expectedNorm, $"norm {norms[i]} vs {expectedNorm}");
        }
    }

    [Fact]
    public void SavedStateResumesExactlyLikeAnUninterruptedRun()
    {
        var run = Run("adamw");
        var history = run.GetProperty("history").EnumerateArray().ToArray();
        byte[] state;
        float[] w3, b3;
        using (var p = new Problem(run))
        using (var opt = new AdamW([p.W, p.B], lr: 0.05, beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: 0.1))
        {
            for (int i = 0; i < 3; i++) p.Step(opt);
            state = opt.state_dict_bytes();
            (w3, b3) = (p.W.data<float>(), p.B.data<float>());
        }
        Assert.NotEmpty(state);

        // A new process would rebuild the parameters from a checkpoint and the optimizer from its state file.
        using var resumed = new Problem(run);
        using (torch.no_grad())
        {
            resumed.W.copy_(torch.tensor(w3, [4, 3]));
            resumed.B.copy_(torch.tensor(b3));
        }
        var path = Path.Combine(Path.GetTempPath(), $"abl-optim-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, state);
            using var opt = new AdamW([resumed.W, resumed.B], lr: 0.05, beta1: 0.9, beta2: 0.95, eps: 1e-8, weight_decay: 0.1);
            opt.load(path);
            for (int i = 3; i < history.Length; i++)
                AssertStepMatches(history[i], resumed, resumed.Step(opt), $"resumed step {i}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CorruptStateFileIsAClearError()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.zeros([2], requires_grad: true);
        using var opt = new AdamW([w]);
        var path = Path.Combine(Path.GetTempPath(), $"abl-optim-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
            var error = Assert.Throws<InvalidDataException>(() => opt.load(path));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LearningRateCanBeSetPerGroupAndForAll()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones([2], requires_grad: true);
        var b = torch.ones([2], requires_grad: true);
        using var opt = new SGD([a], lr: 0.1);
        opt.add_param_group([b], lr: 0.5, weight_decay: 0);
        Assert.Equal(2, opt.param_group_count);
        Assert.Equal(0.5, opt.get_lr(1));
        opt.set_lr(0.2);
        Assert.Equal(0.2, opt.learning_rate);
        Assert.Equal(0.2, opt.get_lr(1));
        opt.set_lr(1, 1.0);

        // One SGD step on sum(a) + sum(b): each moves by its own learning rate.
        (a.sum() + b.sum()).backward();
        opt.step();
        Assert.Equal([0.8f, 0.8f], a.data<float>());
        Assert.Equal([0f, 0f], b.data<float>());
        opt.zero_grad();
        Assert.Null(a.grad);
        Assert.Throws<TorchException>(() => opt.set_lr(5, 0.1));
    }
}

using Ablation.Torch;
using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Tests;

/// <summary>
/// Autograd against central finite differences in float64 for every differentiable op the models use: the
/// gradient of sum(f(inputs) · w) for a fixed random w.
/// </summary>
public class GradientCheckTests
{
    private static readonly Dictionary<string, (long[][] Shapes, Func<Tensor[], Tensor> Fn)> Ops = new()
    {
        ["exp"] = ([[3, 4]], x => x[0].exp()),
        ["log"] = ([[3, 4]], x => (x[0].abs() + 0.5).log()),
        ["sqrt_rsqrt"] = ([[3, 4]], x => (x[0].square() + 0.5).sqrt() + (x[0].square() + 0.5).rsqrt()),
        ["pow"] = ([[3, 4]], x => (x[0].abs() + 0.5).pow(1.7)),
        ["div"] = ([[3, 4], [3, 4]], x => x[0] / (x[1].square() + 1)),
        ["sin_cos"] = ([[3, 4]], x => x[0].sin() * x[0].cos()),
        ["silu"] = ([[3, 4]], x => F.silu(x[0])),
        ["gelu"] = ([[3, 4]], x => F.gelu(x[0])),
        ["gelu_tanh"] = ([[3, 4]], x => F.gelu(x[0], true)),
        ["sigmoid_tanh"] = ([[3, 4]], x => x[0].sigmoid() + x[0].tanh()),
        ["softmax"] = ([[2, 5]], x => x[0].softmax(-1)),
        ["log_softmax"] = ([[2, 5]], x => x[0].log_softmax(-1)),
        ["logsumexp"] = ([[2, 5]], x => x[0].logsumexp(1)),
        ["mean_sum"] = ([[2, 3, 4]], x => x[0].mean(1) + x[0].sum(1) + x[0].sum(-1, keepdim: true).mean()),
        ["matmul"] = ([[2, 3, 4], [4, 2]], x => x[0].matmul(x[1])),
        ["bmm"] = ([[2, 3, 4], [2, 4, 2]], x => x[0].bmm(x[1])),
        ["linear"] = ([[3, 4], [2, 4], [2]], x => F.linear(x[0], x[1], x[2])),
        ["layer_norm"] = ([[2, 5], [5], [5]], x => F.layer_norm(x[0], [5], x[1], x[2])),
        ["rms_norm"] = ([[2, 5], [5]], x => F.rms_norm(x[0], x[1])),
        ["embedding"] = ([[5, 3]], x => F.embedding(torch.tensor([0L, 3L, 3L, 1L]), x[0])),
        ["cross_entropy"] = ([[4, 5]], x => F.cross_entropy(x[0], torch.tensor([0L, 3L, -100L, 1L]), label_smoothing: 0.1)),
        ["cosine_similarity"] = ([[3, 4], [3, 4]], x => F.cosine_similarity(x[0], x[1], dim: -1)),
        ["normalize"] = ([[3, 4]], x => F.normalize(x[0], dim: -1)),
        ["sdpa_causal"] = ([[1, 2, 4, 3], [1, 2, 4, 3], [1, 2, 4, 3]], x => F.scaled_dot_product_attention(x[0], x[1], x[2], is_causal: true)),
        ["sdpa_bool_mask"] = ([[1, 2, 4, 3], [1, 2, 4, 3], [1, 2, 4, 3]],
            x => F.scaled_dot_product_attention(x[0], x[1], x[2], torch.tensor([true, true, true, false]).view(1, 1, 1, 4))),
        ["shape_ops"] = ([[2, 3, 4]], x => torch.cat([x[0].transpose(1, 2).narrow(1, 1, 2), x[0].permute(0, 2, 1).slice(1, 0, 2)], 2)),
        ["masked_fill_gather"] = ([[3, 4]], x => x[0].masked_fill(torch.eye(3, torch.@bool).narrow(1, 0, 3).repeat(1, 2).narrow(1, 0, 4), 0.0)
            .gather(1, torch.tensor([0L, 2L, 1L, 3L, 3L, 0L], [3, 2]))),
        ["mse"] = ([[3, 4], [3, 4]], x => F.mse_loss(x[0], x[1])),
        ["stack_index_select"] = ([[3, 2]], x => torch.stack([x[0], x[0] * 2], 0).index_select(1, torch.tensor([2L, 0L]))),
    };

    public static IEnumerable<object[]> Names() => Ops.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void AnalyticGradientMatchesFiniteDifferences(string name)
    {
        using var scope = torch.NewDisposeScope();
        var (shapes, fn) = Ops[name];
        using var g = new Generator((ulong)name.GetHashCode(StringComparison.Ordinal) & 0xffff);
        var values = shapes.Select(s => torch.randn(s, g, torch.float64).data<double>()).ToArray();
        var weight = fn(Make(values, shapes, false)).shape is var outShape ? torch.randn(outShape, g, torch.float64) : null!;

        double Loss(double[][] v)
        {
            using var inner = torch.NewDisposeScope();
            using var _ = torch.no_grad();
            return (fn(Make(v, shapes, false)) * weight).sum().item<double>();
        }

        var inputs = Make(values, shapes, true);
        (fn(inputs) * weight).sum().backward();
        const double h = 1e-6;
        for (int k = 0; k < values.Length; k++)
        {
            var analytic = inputs[k].grad!.data<double>();
            for (int j = 0; j < values[k].Length; j++)
            {
                var saved = values[k][j];
                values[k][j] = saved + h;
                var up = Loss(values);
                values[k][j] = saved - h;
                var down = Loss(values);
                values[k][j] = saved;
                var numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[j]) <= 1e-6 + 1e-5 * Math.Abs(numeric),
                    $"{name}: input {k} element {j}: autograd {analytic[j]}, finite difference {numeric}");
            }
        }
    }

    private static Tensor[] Make(double[][] values, long[][] shapes, bool requiresGrad) =>
        values.Select((v, i) => torch.tensor((double[])v.Clone(), shapes[i], requires_grad: requiresGrad)).ToArray();

    [Fact]
    public void NoGradStopsRecordingAndRestoresOnDispose()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2], requires_grad: true);
        using (torch.no_grad())
        {
            Assert.False((x * 2).requires_grad);
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
        Assert.True((x * 2).requires_grad);
    }

    [Fact]
    public void BackwardAccumulatesAndGradCanBeCleared()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor([1f, 2f], requires_grad: true);
        (x * x).sum().backward();
        (x * 3).sum().backward();
        Assert.Equal([5f, 7f], x.grad!.data<float>());
        x.grad = null;
        Assert.Null(x.grad);
        // A non-scalar output takes an explicit upstream gradient.
        (x * x).backward(torch.tensor([1f, 10f]));
        Assert.Equal([2f, 40f], x.grad!.data<float>());
        Assert.False(x.detach().requires_grad);
        Assert.True(x.is_leaf);
        Assert.False((x * 2).is_leaf);
    }
}

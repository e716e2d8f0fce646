using Ablation.Torch;

namespace Ablation.Torch.Tests;

/// <summary>Creation, copies to and from managed arrays, metadata, dtypes and simple ops (checked by hand-computable invariants).</summary>
public class TensorBasicsTests
{
    [Fact]
    public void ArrayRoundTripKeepsValuesShapeAndDtype()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor([1f, 2f, 3f, 4f, 5f, 6f], [2, 3]);
        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(Device.CPU, t.device);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f], t.data<float>());
        Assert.Equal([4L, 5L], torch.tensor([4L, 5L]).data<long>());
        Assert.Equal([true, false], torch.tensor([true, false]).data<bool>());
        Assert.Equal([7, 8], torch.tensor([7, 8]).data<int>());
        Assert.Equal(2.5, torch.tensor(2.5).item<double>());
        Assert.Equal(0, torch.tensor(2.5).dim());
    }

    [Fact]
    public void ReadingTheWrongElementTypeIsAClearError()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<InvalidOperationException>(() => torch.zeros(2).data<long>());
        Assert.Contains("Float32", error.Message);
    }

    [Fact]
    public void RawBytesRoundTripForEveryDtype()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var type in new[] { ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64, ScalarType.Int32, ScalarType.Bool })
        {
            var t = torch.arange(0, 6).to(type).view(2, 3);
            var bytes = t.bytes();
            Assert.Equal(6 * type.ElementSize(), bytes.Length);
            var back = torch.frombuffer(bytes, type, [2, 3]);
            Assert.True(back.equal(t), $"{type} bytes round trip");
        }
    }

    [Fact]
    public void CreationFunctionsFillAsDocumented()
    {
        using var scope = torch.NewDisposeScope();
        Assert.All(torch.zeros(2, 3).data<float>(), v => Assert.Equal(0f, v));
        Assert.All(torch.ones([4], torch.int64).data<long>(), v => Assert.Equal(1L, v));
        Assert.All(torch.full([3], 2.5).data<float>(), v => Assert.Equal(2.5f, v));
        Assert.Equal([0L, 1, 2, 3, 4], torch.arange(5).data<long>());
        Assert.Equal([2L, 5, 8], torch.arange(2, 10, 3).data<long>());
        Assert.Equal([0f, 0.25f, 0.5f, 0.75f], torch.arange(0.0, 1.0, 0.25).data<float>());
        Assert.Equal([0f, 0.5f, 1f], torch.linspace(0, 1, 3).data<float>());
        Assert.Equal([1f, 0, 0, 1], torch.eye(2).data<float>());
    }

    [Fact]
    public void GeneratorsAreReproducibleAndIndependent()
    {
        using var scope = torch.NewDisposeScope();
        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        var a = torch.randn([5], g1);
        var b = torch.randn([5], g2);
        Assert.Equal(a.data<float>(), b.data<float>());
        var c = torch.randn([5], g1);
        Assert.NotEqual(a.data<float>(), c.data<float>());

        // Saving and restoring the state replays the stream.
        var state = g1.get_state();
        var next = torch.rand([4], g1).data<float>();
        g1.set_state(state);
        Assert.Equal(next, torch.rand([4], g1).data<float>());

        var ints = torch.randint(3, 7, [1000], g1).data<long>();
        Assert.All(ints, v => Assert.InRange(v, 3, 6));
        Assert.Equal(4, ints.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), torch.randperm(10, g1).data<long>().Order());
    }

    [Fact]
    public void ManualSeedMakesTheDefaultGeneratorReproducible()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var a = torch.randn(4).data<float>();
        torch.manual_seed(3);
        Assert.Equal(a, torch.randn(4).data<float>());
    }

    [Fact]
    public void ArithmeticOperatorsAndScalarTypesFollowPyTorchPromotion()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor([1f, 2f, 3f]);
        Assert.Equal([3f, 5f, 7f], (x * 2 + 1).data<float>());
        Assert.Equal([0.5f, 1f, 1.5f], (x / 2.0).data<float>());
        Assert.Equal([1f, 0f, -1f], (2 - x).data<float>());
        var ids = torch.tensor([1L, 2L]);
        Assert.Equal(ScalarType.Int64, (ids + 1).dtype);
        Assert.Equal([2L, 3L], (ids + 1).data<long>());
        Assert.Equal(ScalarType.Float32, (ids * 0.5).dtype);
        Assert.Equal([true, false, false], x.lt(2.0).data<bool>());
    }

    [Fact]
    public void MatmulMatchesHandComputedProduct()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor([1f, 2f, 3f, 4f, 5f, 6f], [2, 3]);
        var b = torch.tensor([7f, 8f, 9f, 10f, 11f, 12f], [3, 2]);
        Assert.Equal([58f, 64f, 139f, 154f], a.matmul(b).data<float>());
    }

    [Fact]
    public void ShapeOpsProduceTheExpectedLayout()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(6).view(2, 3);
        Assert.Equal([0L, 3, 1, 4, 2, 5], x.t().contiguous().data<long>());
        Assert.Equal([3L, 2], x.transpose(0, 1).shape);
        Assert.Equal([1L, 2, 3], x.unsqueeze(0).shape);
        Assert.Equal([2L, 3], x.unsqueeze(0).squeeze(0).shape);
        Assert.Equal([3L, 4, 5], x[1].data<long>());
        var parts = torch.arange(7).split(3);
        Assert.Equal(3, parts.Length);
        Assert.Equal([6L], parts[2].data<long>());
        Assert.Equal([2L, 3, 4], torch.arange(5).split([2L, 3L])[1].data<long>());
        Assert.Equal([1f, 0, 1, 1], torch.ones(2, 2).tril().data<float>());
    }

    [Fact]
    public void ToConvertsDtypeAndCudaIsOnlyUsedWhenAvailable()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor([1.5f, -2.25f]);
        Assert.Equal([1.5, -2.25], x.to(ScalarType.Float64).data<double>());
        Assert.Equal([1L, -2L], x.to(ScalarType.Int64).data<long>());
        if (!torch.cuda.is_available())
        {
            var error = Assert.Throws<TorchException>(() => x.to(Device.CUDA));
            Assert.DoesNotContain("\n", error.Message);
        }
        else
        {
            Assert.Equal([1.5f, -2.25f], x.cuda().cpu().data<float>());
        }
    }

    [Fact]
    public void DeviceParsesPyTorchNotation()
    {
        Assert.Equal(Device.CPU, Device.Parse("cpu"));
        Assert.Equal(new Device(DeviceType.CUDA, 1), Device.Parse("cuda:1"));
        Assert.Equal("cuda:1", new Device("cuda:1").ToString());
        Assert.Throws<ArgumentException>(() => Device.Parse("tpu"));
    }
}

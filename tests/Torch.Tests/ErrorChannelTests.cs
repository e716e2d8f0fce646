using Ablation.Torch;

namespace Ablation.Torch.Tests;

/// <summary>libtorch errors become TorchExceptions with the first line of libtorch's message; the process lives on.</summary>
public class ErrorChannelTests
{
    [Fact]
    public void ShapeMismatchInMatmulThrowsWithLibtorchsMessage()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.zeros(2, 3);
        var b = torch.zeros(4, 5);
        var error = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("cannot be multiplied", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        // The engine keeps working after the error.
        Assert.Equal([2L, 5L], a.matmul(torch.zeros(3, 5)).shape);
    }

    [Fact]
    public void BadViewAndBroadcastErrorsAreReported()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(2, 3);
        Assert.Contains("invalid for input of size 6", Assert.Throws<TorchException>(() => x.view(4, 2)).Message);
        Assert.Contains("must match", Assert.Throws<TorchException>(() => x + torch.zeros(4)).Message);
        Assert.Throws<TorchException>(() => torch.cat([x, torch.zeros(2, 3, 1)]));
        Assert.Throws<TorchException>(() => torch.nn.functional.cross_entropy(torch.zeros(2, 3), torch.tensor([0L, 5L])));
    }

    [Fact]
    public void OutOfRangeIndicesAreErrorsNotCrashes()
    {
        using var scope = torch.NewDisposeScope();
        var table = torch.zeros(4, 2);
        Assert.Contains("index out of range", Assert.Throws<TorchException>(() => torch.nn.functional.embedding(torch.tensor([1L, 9L]), table)).Message);
        Assert.Throws<TorchException>(() => table.gather(1, torch.tensor([0L, 5L], [1, 2])));
        Assert.Throws<TorchException>(() => table.narrow(0, 3, 5));
        Assert.Throws<TorchException>(() => table.select(1, 2));
        Assert.Throws<TorchException>(() => table.to(ScalarType.Float32).view(-1, -1));
    }

    [Fact]
    public void ErrorsOnOtherThreadsDoNotLeakAcrossThreads()
    {
        var messages = new string[4];
        Parallel.For(0, 4, i =>
        {
            using var scope = torch.NewDisposeScope();
            try { torch.zeros(i + 1, 2).matmul(torch.zeros(3, 3)); }
            catch (TorchException e) { messages[i] = e.Message; }
        });
        for (int i = 0; i < 4; i++) Assert.Contains($"{i + 1}x2 and 3x3", messages[i]);
    }

    [Fact]
    public void UsingADisposedTensorIsAManagedError()
    {
        var t = torch.zeros(2);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.sum());
        Assert.True(t.IsInvalid);
    }
}

using Ablation.Torch;

namespace Ablation.Torch.Tests;

/// <summary>Dispose scopes free every tensor made inside them, keep what is moved out, and keep memory flat.</summary>
[Collection("LiveTensorCount")]
public class DisposeScopeTests
{
    [Fact]
    public void ScopeFreesItsTensorsAndKeepsMovedOnes()
    {
        Tensor kept, dropped;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                dropped = torch.ones(3) * 2;
                kept = (dropped + 1).MoveToOuterDisposeScope();
                Assert.Equal(2, inner.Count); // ones and ones * 2; the sum moved out
            }
            Assert.True(dropped.IsInvalid);
            Assert.False(kept.IsInvalid);
            Assert.Equal([3f, 3f, 3f], kept.data<float>());
            Assert.Equal(1, outer.Count);
        }
        Assert.True(kept.IsInvalid);
    }

    [Fact]
    public void DetachedTensorsOutliveEveryScope()
    {
        Tensor owned;
        using (torch.NewDisposeScope()) owned = torch.zeros(2).DetachFromDisposeScope();
        Assert.False(owned.IsInvalid);
        owned.Dispose();
        Assert.True(owned.IsInvalid);
    }

    [Fact]
    public void TenThousandTrainingStepsKeepLiveTensorsAndRssFlat()
    {
        using var g = new Generator(1);
        using var model = new Ablation.Torch.Nn.Linear(16, 16, generator: g);
        using var x = torch.randn([8, 16], g).DetachFromDisposeScope();
        using var optimizer = new Ablation.Torch.Optim.SGD(model.parameters(), lr: 1e-3, momentum: 0.9);
        Settle();
        long before = Tensor.LiveCount;
        long during = 0, rssWarm = 0;
        for (int i = 0; i < 10_000; i++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.gelu(model.call(x)).square().mean();
            loss.backward();
            optimizer.step();
            if (i == 500) { during = Tensor.LiveCount; rssWarm = Rss(); }
        }
        Settle();
        Assert.Equal(before, Tensor.LiveCount);
        Assert.True(during - before < 20, $"live tensors during an iteration: {during - before}");
        long grown = Rss() - rssWarm;
        Assert.True(grown < 64L << 20, $"RSS grew by {grown >> 20} MiB over 9,500 steps");
    }

    // Tensors other tests left to the finalizer must be gone before counting.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:")) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return 0;
    }
}

/// <summary>Tests that read the process-wide live-tensor count run alone.</summary>
[CollectionDefinition("LiveTensorCount", DisableParallelization = true)]
public class LiveTensorCountCollection;

using Ablation.Torch;

namespace Ablation.Torch.Tests;

[Collection("LiveTensorCount")]
public class TorchThreadsTests
{
    [Fact]
    public void DefaultsAreOneTorchThreadAndOpenBlasOnEveryCore()
    {
        using var scope = torch.NewDisposeScope();
        torch.zeros(1); // loads the shim, which applies the defaults
        if (Environment.GetEnvironmentVariable("ABLATION_TORCH_THREADS") is null)
            Assert.Equal(1, TorchThreads.IntraOp);
        if (Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") is null)
            Assert.Equal(Environment.ProcessorCount, TorchThreads.Blas);
        Assert.Contains("torch intra-op threads", TorchThreads.Description);
        Assert.Contains("ATen/Parallel", TorchThreads.ParallelInfo);
        Assert.Contains("BLAS", TorchThreads.BuildConfig);
    }

    [Fact]
    public void IntraOpThreadsCanBeChangedAndRestored()
    {
        var before = torch.get_num_threads();
        torch.set_num_threads(2);
        Assert.Equal(2, torch.get_num_threads());
        torch.set_num_threads(before);
        Assert.Equal(before, torch.get_num_threads());
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.set_num_threads(0));
    }
}

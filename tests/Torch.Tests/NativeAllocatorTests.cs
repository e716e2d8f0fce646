using Ablation.Torch;

namespace Ablation.Torch.Tests;

public class NativeAllocatorTests
{
    [Fact]
    public void LoadingTheShimTunesGlibcMallocUnlessAskedNotTo()
    {
        using var t = torch.zeros([4]);   // forces the shim (and its defaults) to load
        var keepDefaults = Environment.GetEnvironmentVariable("ABLATION_TORCH_MALLOC") == "default";
        Assert.Equal(OperatingSystem.IsLinux() && !keepDefaults, NativeAllocator.Tuned);
    }
}

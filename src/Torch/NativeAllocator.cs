using System.Runtime.InteropServices;

namespace Ablation.Torch;

/// <summary>
/// glibc malloc settings for tensor-heavy loops. By default glibc serves blocks above a (dynamic, ≤ 32 MiB)
/// threshold with fresh mmap pages and returns them on free, so every training step page-faults its activations
/// in again: measured on the `engine` benchmark (2 cores, 2026-12-02), 1,499 ms/step with glibc's defaults against
/// 840 ms with a 256 MiB mmap threshold and a 1 GiB trim threshold (PyTorch: 1,314 → 803 ms). Applied when the shim
/// loads; set
/// ABLATION_TORCH_MALLOC=default to keep glibc's defaults (e.g. to compare with a PyTorch run that has them).
/// </summary>
public static class NativeAllocator
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    /// <summary>True when the tuned settings are in force.</summary>
    public static bool Tuned { get; private set; }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    internal static void ApplyDefaults()
    {
        if (Environment.GetEnvironmentVariable("ABLATION_TORCH_MALLOC") == "default" || !OperatingSystem.IsLinux()) return;
        try
        {
            // mallopt returns 1 on success; both are plain hints, so a failure only costs speed.
            Tuned = mallopt(M_MMAP_THRESHOLD, 256 << 20) == 1 & mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Tuned = false; // not glibc (e.g. musl): keep the platform allocator as it is
        }
    }
}

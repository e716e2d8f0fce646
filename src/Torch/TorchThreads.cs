using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

/// <summary>
/// Thread settings of the engine. libtorch's intra-op pool (OpenMP) and OpenBLAS's own threads both want every
/// core; on small machines running both oversubscribes the cores. The default (applied when the shim loads) is
/// the one measured best for training on 2 cores (docs/torch-binding.md): torch intra-op threads = 1 and
/// OpenBLAS threads = all cores. Override with ABLATION_TORCH_THREADS / OPENBLAS_NUM_THREADS or the setters.
/// </summary>
public static class TorchThreads
{
    private static int configured;

    /// <summary>libtorch intra-op threads (torch.set_num_threads).</summary>
    public static int IntraOp
    {
        get => abl_get_num_threads();
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
            Check(abl_set_num_threads(value));
        }
    }

    /// <summary>OpenBLAS threads, or -1 when libtorch does not use OpenBLAS.</summary>
    public static int Blas
    {
        get => abl_openblas_get_num_threads();
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
            abl_openblas_set_num_threads(value);
        }
    }

    /// <summary>One line describing the settings in force, e.g. for a run's log.</summary>
    public static string Description => $"torch intra-op threads {IntraOp}, OpenBLAS threads {Blas} ({Environment.ProcessorCount} cores)";

    /// <summary>libtorch's own report of its thread pools and backends (at::get_parallel_info).</summary>
    public static string ParallelInfo => Info(1);

    /// <summary>libtorch's build configuration (at::show_config): BLAS, oneDNN, CPU capability.</summary>
    public static string BuildConfig => Info(0);

    private static unsafe string Info(int kind)
    {
        var length = Check(abl_info(kind, null, 0));
        var buffer = new byte[length + 1];
        fixed (byte* p = buffer) Check(abl_info(kind, p, buffer.Length));
        return System.Text.Encoding.UTF8.GetString(buffer, 0, (int)length);
    }

    /// <summary>The setting the defaults chose, logged once to stderr when ABLATION_TORCH_VERBOSE=1.</summary>
    internal static void ApplyDefaults()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1) return;
        var cores = Math.Max(1, Environment.ProcessorCount);
        var torchThreads = ParseEnv("ABLATION_TORCH_THREADS") ?? 1;
        abl_set_num_threads(Math.Min(torchThreads, cores));
        if (ParseEnv("OPENBLAS_NUM_THREADS") is null) abl_openblas_set_num_threads(cores);
        if (Environment.GetEnvironmentVariable("ABLATION_TORCH_VERBOSE") == "1")
            Console.Error.WriteLine($"[torch] {Description}");
    }

    private static int? ParseEnv(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var n) && n > 0 ? n : null;
}

using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

/// <summary>Turns autograd recording on or off for this thread until disposed (torch.no_grad / enable_grad).</summary>
public sealed class GradModeScope : IDisposable
{
    private readonly bool previous;
    private bool disposed;

    internal GradModeScope(bool enabled)
    {
        previous = abl_grad_enabled() != 0;
        abl_set_grad_enabled(enabled ? 1 : 0);
    }

    /// <summary>Whether autograd records operations on this thread.</summary>
    public static bool IsEnabled => abl_grad_enabled() != 0;

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        abl_set_grad_enabled(previous ? 1 : 0);
    }
}

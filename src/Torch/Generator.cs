using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

/// <summary>
/// A random-number stream of its own (torch.Generator on the CPU). Give each purpose (initialisation, data
/// order, dropout, evaluation sampling) its own generator so that changing one never shifts another. Random
/// tensors are drawn on the CPU and then moved, so a seed gives the same numbers on every device.
/// </summary>
public sealed class Generator : IDisposable
{
    private IntPtr pointer;

    public Generator(ulong seed)
    {
        pointer = abl_generator_new(seed);
        if (pointer == IntPtr.Zero) throw LastError();
        InitialSeed = seed;
    }

    ~Generator() => Release();

    /// <summary>The seed this generator was created with or last re-seeded to.</summary>
    public ulong InitialSeed { get; private set; }

    internal IntPtr Pointer => pointer == IntPtr.Zero ? throw new ObjectDisposedException(nameof(Generator)) : pointer;

    /// <summary>Restarts the stream from a seed.</summary>
    public Generator manual_seed(ulong seed)
    {
        Check(abl_generator_seed(Pointer, seed));
        InitialSeed = seed;
        GC.KeepAlive(this);
        return this;
    }

    /// <summary>The full state (a uint8 tensor), to resume the stream exactly.</summary>
    public Tensor get_state()
    {
        var state = Check(abl_generator_get_state(Pointer));
        GC.KeepAlive(this);
        return state;
    }

    public void set_state(Tensor state)
    {
        Check(abl_generator_set_state(Pointer, state.Handle));
        GC.KeepAlive(this);
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var p = Interlocked.Exchange(ref pointer, IntPtr.Zero);
        if (p != IntPtr.Zero) abl_generator_free(p);
    }
}

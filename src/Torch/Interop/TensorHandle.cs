using System.Runtime.InteropServices;

namespace Ablation.Torch.Interop;

/// <summary>Owns one native tensor reference (an <c>at::Tensor*</c> allocated by the shim).</summary>
internal sealed class TensorHandle : SafeHandle
{
    private static long live;

    /// <summary>A handle that stands for "no tensor" in optional arguments; never released.</summary>
    public static readonly TensorHandle Null = new();

    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    public TensorHandle(IntPtr pointer) : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(pointer);
        if (pointer != IntPtr.Zero) Interlocked.Increment(ref live);
    }

    /// <summary>Native tensor references currently held by the process (a leak detector for tests).</summary>
    public static long Live => Interlocked.Read(ref live);

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        NativeMethods.abl_free(handle);
        Interlocked.Decrement(ref live);
        return true;
    }
}

using System.Runtime.InteropServices;
using Ablation.Torch.Interop;
using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

/// <summary>
/// A libtorch tensor. The native memory is owned by a SafeHandle and freed by <see cref="Dispose"/>, by the
/// dispose scope the tensor was created in (see <see cref="DisposeScope"/>), or at the latest by the finalizer.
/// Method names follow PyTorch (<c>t.view(...)</c>, <c>t.sum()</c>, <c>t.backward()</c>). This file holds the
/// life cycle, metadata and copies; the operations are in the other <c>Tensor.*.cs</c> files.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private TensorHandle handle;

    internal Tensor(IntPtr pointer)
    {
        handle = new TensorHandle(pointer);
        DisposeScope.Current?.Attach(this);
    }

    /// <summary>The scope that will dispose this tensor, if any.</summary>
    internal DisposeScope? OwningScope { get; set; }

    /// <summary>The native handle; throws when the tensor was disposed.</summary>
    internal TensorHandle Handle => handle.IsClosed
        ? throw new ObjectDisposedException(nameof(Tensor), "this tensor was disposed (by Dispose or by the end of its dispose scope); " +
            "call MoveToOuterDisposeScope() or DetachFromDisposeScope() on tensors that must outlive the scope")
        : handle;

    /// <summary>True once the native memory has been released.</summary>
    public bool IsInvalid => handle.IsClosed;

    /// <summary>Number of native tensor references alive in the process (for leak checks).</summary>
    public static long LiveCount => TensorHandle.Live;

    public void Dispose()
    {
        OwningScope?.Forget(this);
        OwningScope = null;
        handle.Dispose();
    }

    /// <summary>Moves the tensor from its dispose scope to the enclosing one (or out of every scope).</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        var scope = OwningScope;
        if (scope == null) return this;
        scope.Forget(this);
        OwningScope = null;
        scope.Outer?.Attach(this);
        return this;
    }

    /// <summary>Takes the tensor out of every dispose scope: the caller now owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        OwningScope?.Forget(this);
        OwningScope = null;
        return this;
    }

    /// <summary>
    /// Replaces this tensor's data by <paramref name="source"/>'s, keeping this object, its autograd identity and
    /// requires_grad (PyTorch's <c>param.data = ...</c>; used by Module.to).
    /// </summary>
    public void set_data(Tensor source) => Check(abl_set_data(Handle, source.Handle));

    // ---- metadata ----

    public long[] shape
    {
        get
        {
            var h = Handle;
            var result = new long[abl_ndim(h)];
            unsafe { fixed (long* p = result) Check(abl_shape(h, p)); }
            return result;
        }
    }

    /// <summary>Size of one dimension (negative counts from the end).</summary>
    public long size(int dim)
    {
        var s = shape;
        var d = dim < 0 ? dim + s.Length : dim;
        if (d < 0 || d >= s.Length) throw new ArgumentOutOfRangeException(nameof(dim), $"dimension {dim} out of range for a {s.Length}-d tensor");
        return s[d];
    }

    public int dim() => abl_ndim(Handle);
    public int ndim => dim();
    public long numel() => abl_numel(Handle);
    public ScalarType dtype => (ScalarType)abl_dtype(Handle);
    public Device device => new((DeviceType)abl_device_type(Handle), abl_device_index(Handle));
    public bool is_contiguous() => abl_is_contiguous(Handle) != 0;

    public override string ToString() =>
        IsInvalid ? "Tensor(disposed)" : $"Tensor[{string.Join(", ", shape)}] {dtype} {device}";

    // ---- copies to managed memory ----

    /// <summary>The elements as a new managed array (row-major); T must match the dtype.</summary>
    public T[] data<T>() where T : unmanaged
    {
        RequireType<T>();
        var result = new T[numel()];
        CopyTo(MemoryMarshal.AsBytes(result.AsSpan()));
        return result;
    }

    /// <summary>Same as <see cref="data{T}"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged => data<T>();

    /// <summary>The value of a one-element tensor.</summary>
    public T item<T>() where T : unmanaged
    {
        if (numel() != 1) throw new InvalidOperationException($"item() needs a tensor with one element, this one has shape [{string.Join(", ", shape)}]");
        return data<T>()[0];
    }

    /// <summary>The raw little-endian bytes of the elements (row-major), for any dtype.</summary>
    public byte[] bytes()
    {
        var result = new byte[numel() * dtype.ElementSize()];
        CopyTo(result);
        return result;
    }

    /// <summary>Copies the raw element bytes into <paramref name="destination"/>, which must have exactly the right length.</summary>
    public unsafe void CopyTo(Span<byte> destination)
    {
        fixed (byte* p = destination) Check(abl_copy_to(Handle, p, destination.Length));
    }

    private void RequireType<T>() where T : unmanaged
    {
        var wanted = ScalarTypes.Of<T>();
        var actual = dtype;
        if (wanted != actual)
            throw new InvalidOperationException($"tensor has dtype {actual} but {typeof(T).Name} ({wanted}) was asked for; convert with .to(ScalarType.{wanted}) first");
    }

    // ---- conversion ----

    public Tensor to(ScalarType type, bool copy = false)
    {
        var d = device;
        return Check(abl_to(Handle, (sbyte)type, (int)d.Type, d.Index, copy ? 1 : 0));
    }

    public Tensor to(Device target, bool copy = false) =>
        Check(abl_to(Handle, (sbyte)dtype, (int)target.Type, target.Index, copy ? 1 : 0));

    public Tensor to(ScalarType type, Device target, bool copy = false) =>
        Check(abl_to(Handle, (sbyte)type, (int)target.Type, target.Index, copy ? 1 : 0));

    public Tensor cpu() => to(Device.CPU);
    public Tensor cuda(int index = 0) => to(new Device(DeviceType.CUDA, index));
    public Tensor @float() => to(ScalarType.Float32);
    public Tensor @double() => to(ScalarType.Float64);
    public Tensor half() => to(ScalarType.Float16);
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    public Tensor @long() => to(ScalarType.Int64);
    public Tensor @int() => to(ScalarType.Int32);
    public Tensor @bool() => to(ScalarType.Bool);

    /// <summary>Copies src's values into this tensor in place (broadcasting, converting dtype/device).</summary>
    public Tensor copy_(Tensor src)
    {
        Check(abl_copy_(Handle, src.Handle));
        return this;
    }

    /// <summary>Another handle to the same tensor (same storage and autograd identity), owned separately.</summary>
    public Tensor alias() => Check(abl_alias(Handle));
}

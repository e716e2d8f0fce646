using System.Runtime.InteropServices;
using Ablation.Torch.Interop;
using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

/// <summary>
/// The PyTorch-like entry point: <c>torch.zeros(2, 3)</c>, <c>torch.cat(...)</c>, <c>torch.no_grad()</c>,
/// <c>torch.nn.functional.cross_entropy(...)</c>. This file holds creation functions and process-wide settings;
/// joins, functional ops and utilities are in the other <c>torch.*.cs</c> files.
/// </summary>
public static partial class torch
{
    // dtype aliases, as in PyTorch.
    public const ScalarType float32 = ScalarType.Float32;
    public const ScalarType float16 = ScalarType.Float16;
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    public const ScalarType float64 = ScalarType.Float64;
    public const ScalarType int64 = ScalarType.Int64;
    public const ScalarType int32 = ScalarType.Int32;
    public const ScalarType int8 = ScalarType.Int8;
    public const ScalarType uint8 = ScalarType.UInt8;
    public const ScalarType @bool = ScalarType.Bool;

    public static readonly Device CPU = Device.CPU;
    public static readonly Device CUDA = Device.CUDA;

    /// <summary>Opens a dispose scope for this thread; see <see cref="DisposeScope"/>.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Stops autograd recording on this thread until the returned scope is disposed.</summary>
    public static GradModeScope no_grad() => new(false);

    public static GradModeScope enable_grad() => new(true);

    public static bool is_grad_enabled() => GradModeScope.IsEnabled;

    /// <summary>Seeds libtorch's default generators (the ones used when no <see cref="Generator"/> is passed).</summary>
    public static void manual_seed(ulong seed) => Check(abl_manual_seed(seed));

    public static void set_num_threads(int threads) => TorchThreads.IntraOp = threads;

    public static int get_num_threads() => TorchThreads.IntraOp;

    /// <summary>CUDA queries (torch.cuda).</summary>
    public static class cuda
    {
        public static bool is_available() => abl_cuda_is_available() != 0;
        public static int device_count() => abl_cuda_device_count();
    }

    // ---- from managed data ----

    private static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, long[]? shape, Device? device, bool requiresGrad) where T : unmanaged
    {
        shape ??= [data.Length]; // an empty shape makes a 0-dimensional tensor
        var bytes = MemoryMarshal.AsBytes(data);
        var d = device ?? Device.CPU;
        Tensor result;
        fixed (byte* p = bytes)
        fixed (long* s = shape)
            result = Check(abl_from_data(p, bytes.Length, s, shape.Length, (sbyte)ScalarTypes.Of<T>(), (int)d.Type, d.Index));
        return requiresGrad ? result.requires_grad_() : result;
    }

    /// <summary>A tensor holding a copy of the values; shape defaults to 1-D (an empty shape gives a 0-d tensor).</summary>
    public static Tensor tensor(float[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) => FromSpan<float>(data, shape, device, requires_grad);
    public static Tensor tensor(double[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) => FromSpan<double>(data, shape, device, requires_grad);
    public static Tensor tensor(long[] data, long[]? shape = null, Device? device = null) => FromSpan<long>(data, shape, device, false);
    public static Tensor tensor(int[] data, long[]? shape = null, Device? device = null) => FromSpan<int>(data, shape, device, false);
    public static Tensor tensor(bool[] data, long[]? shape = null, Device? device = null) => FromSpan<bool>(data, shape, device, false);
    public static Tensor tensor(Half[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) => FromSpan<Half>(data, shape, device, requires_grad);
    public static Tensor tensor(byte[] data, long[]? shape = null, Device? device = null) => FromSpan<byte>(data, shape, device, false);

    /// <summary>A tensor from any span of a supported element type.</summary>
    public static Tensor from_span<T>(ReadOnlySpan<T> data, long[]? shape = null, Device? device = null) where T : unmanaged => FromSpan(data, shape, device, false);

    /// <summary>A 0-dimensional tensor.</summary>
    public static Tensor tensor(float value, Device? device = null) => FromSpan<float>([value], [], device, false);
    public static Tensor tensor(double value, Device? device = null) => FromSpan<double>([value], [], device, false);
    public static Tensor tensor(long value, Device? device = null) => FromSpan<long>([value], [], device, false);

    /// <summary>A tensor whose elements are the given raw little-endian bytes (any dtype, including bfloat16).</summary>
    public static unsafe Tensor frombuffer(ReadOnlySpan<byte> bytes, ScalarType dtype, long[] shape, Device? device = null)
    {
        var d = device ?? Device.CPU;
        fixed (byte* p = bytes)
        fixed (long* s = shape)
            return Check(abl_from_data(p, bytes.Length, s, shape.Length, (sbyte)dtype, (int)d.Type, d.Index));
    }

    // ---- filled ----

    private static unsafe Tensor Full(long[] shape, double d, long i, bool isInt, ScalarType dtype, Device? device, bool requiresGrad)
    {
        var dev = device ?? Device.CPU;
        Tensor result;
        fixed (long* s = shape) result = Check(abl_full(s, shape.Length, d, i, isInt ? 1 : 0, (sbyte)dtype, (int)dev.Type, dev.Index));
        return requiresGrad ? result.requires_grad_() : result;
    }

    public static Tensor zeros(long[] shape, ScalarType dtype = float32, Device? device = null, bool requires_grad = false) => Full(shape, 0, 0, true, dtype, device, requires_grad);
    public static Tensor zeros(params long[] shape) => zeros(shape, float32);
    public static Tensor ones(long[] shape, ScalarType dtype = float32, Device? device = null, bool requires_grad = false) => Full(shape, 0, 1, true, dtype, device, requires_grad);
    public static Tensor ones(params long[] shape) => ones(shape, float32);
    public static Tensor full(long[] shape, double value, ScalarType dtype = float32, Device? device = null, bool requires_grad = false) => Full(shape, value, 0, false, dtype, device, requires_grad);
    public static Tensor full(long[] shape, long value, ScalarType dtype = int64, Device? device = null) => Full(shape, 0, value, true, dtype, device, false);

    public static unsafe Tensor empty(long[] shape, ScalarType dtype = float32, Device? device = null)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = shape) return Check(abl_empty(s, shape.Length, (sbyte)dtype, (int)d.Type, d.Index));
    }

    public static Tensor empty(params long[] shape) => empty(shape, float32);
    public static Tensor zeros_like(Tensor t) => zeros(t.shape, t.dtype, t.device);
    public static Tensor ones_like(Tensor t) => ones(t.shape, t.dtype, t.device);
    public static Tensor full_like(Tensor t, double value) => full(t.shape, value, t.dtype, t.device);

    // ---- ranges ----

    public static Tensor arange(long end, ScalarType dtype = int64, Device? device = null) => arange(0, end, 1, dtype, device);

    public static Tensor arange(long start, long end, long step = 1, ScalarType dtype = int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Check(abl_arange(start, end, step, (sbyte)dtype, (int)d.Type, d.Index));
    }

    public static Tensor arange(double start, double end, double step, ScalarType dtype = float32, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Check(abl_arange(start, end, step, (sbyte)dtype, (int)d.Type, d.Index));
    }

    public static Tensor linspace(double start, double end, long steps, ScalarType dtype = float32, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Check(abl_linspace(start, end, steps, (sbyte)dtype, (int)d.Type, d.Index));
    }

    public static Tensor eye(long n, ScalarType dtype = float32, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Check(abl_eye(n, (sbyte)dtype, (int)d.Type, d.Index));
    }

    // ---- random (from the given generator, or the default one seeded by manual_seed) ----

    public static unsafe Tensor randn(long[] shape, Generator? generator = null, ScalarType dtype = float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        Tensor result;
        fixed (long* s = shape) result = Check(abl_randn(s, shape.Length, (sbyte)dtype, (int)d.Type, d.Index, generator?.Pointer ?? IntPtr.Zero));
        GC.KeepAlive(generator);
        return requires_grad ? result.requires_grad_() : result;
    }

    public static Tensor randn(params long[] shape) => randn(shape, null);

    public static unsafe Tensor rand(long[] shape, Generator? generator = null, ScalarType dtype = float32, Device? device = null, bool requires_grad = false)
    {
        var d = device ?? Device.CPU;
        Tensor result;
        fixed (long* s = shape) result = Check(abl_rand(s, shape.Length, (sbyte)dtype, (int)d.Type, d.Index, generator?.Pointer ?? IntPtr.Zero));
        GC.KeepAlive(generator);
        return requires_grad ? result.requires_grad_() : result;
    }

    public static Tensor rand(params long[] shape) => rand(shape, null);

    /// <summary>Integers uniform in [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] shape, Generator? generator = null, ScalarType dtype = int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        Tensor result;
        fixed (long* s = shape) result = Check(abl_randint(low, high, s, shape.Length, (sbyte)dtype, (int)d.Type, d.Index, generator?.Pointer ?? IntPtr.Zero));
        GC.KeepAlive(generator);
        return result;
    }

    public static Tensor randperm(long n, Generator? generator = null, Device? device = null)
    {
        var d = device ?? Device.CPU;
        var result = Check(abl_randperm(n, (int)d.Type, d.Index, generator?.Pointer ?? IntPtr.Zero));
        GC.KeepAlive(generator);
        return result;
    }
}

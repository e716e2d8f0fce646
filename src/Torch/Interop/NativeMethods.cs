using System.Reflection;
using System.Runtime.InteropServices;

namespace Ablation.Torch.Interop;

/// <summary>
/// The shim's C ABI (native/src/*.cpp). Functions returning a tensor return a new owned pointer or null on
/// error; functions returning int return 0 (or a count) on success and -1 on error. In both cases the message
/// is in <see cref="abl_last_error"/>; <c>Check</c> turns it into a <see cref="TorchException"/>.
/// </summary>
internal static class NativeMethods
{
    private const string Lib = "ablation_torch";

    static NativeMethods()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
        TorchThreads.ApplyDefaults();
        NativeAllocator.ApplyDefaults();
    }

    // The shim is copied next to the assemblies of every project that references Ablation.Torch; look there
    // first (test hosts and `dotnet path/app.dll` do not always probe the assembly's folder).
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Lib) return IntPtr.Zero;
        var candidates = new List<string>();
        var overridePath = Environment.GetEnvironmentVariable("ABLATION_TORCH_NATIVE");
        if (!string.IsNullOrEmpty(overridePath)) candidates.Add(overridePath);
        candidates.Add(Path.Combine(Path.GetDirectoryName(assembly.Location) ?? AppContext.BaseDirectory, "libablation_torch.so"));
        candidates.Add(Path.Combine(AppContext.BaseDirectory, "libablation_torch.so"));
        foreach (var path in candidates)
            if (File.Exists(path))
                return NativeLibrary.Load(path);
        return IntPtr.Zero;
    }

    // ---- errors ----
    [DllImport(Lib)] internal static extern IntPtr abl_last_error();
    [DllImport(Lib)] internal static extern void abl_clear_error();
    [DllImport(Lib)] internal static extern void abl_free_buffer(IntPtr buffer);

    internal static TorchException LastError()
    {
        var message = Marshal.PtrToStringUTF8(abl_last_error()) ?? "";
        abl_clear_error();
        return TorchException.FromNative(message);
    }

    /// <summary>Wraps a returned tensor pointer, throwing the shim's error when it is null.</summary>
    internal static Tensor Check(IntPtr tensor) => tensor == IntPtr.Zero ? throw LastError() : new Tensor(tensor);

    internal static int Check(int status) => status < 0 ? throw LastError() : status;

    internal static long Check(long status) => status < 0 ? throw LastError() : status;

    internal static double CheckNotNaN(double value) =>
        double.IsNaN(value) && (Marshal.PtrToStringUTF8(abl_last_error()) ?? "").Length > 0 ? throw LastError() : value;

    // ---- tensor life cycle and metadata ----
    [DllImport(Lib)] internal static extern void abl_free(IntPtr t);
    [DllImport(Lib)] internal static extern IntPtr abl_alias(TensorHandle t);
    [DllImport(Lib)] internal static extern int abl_ndim(TensorHandle t);
    [DllImport(Lib)] internal static extern unsafe int abl_shape(TensorHandle t, long* shape);
    [DllImport(Lib)] internal static extern long abl_numel(TensorHandle t);
    [DllImport(Lib)] internal static extern sbyte abl_dtype(TensorHandle t);
    [DllImport(Lib)] internal static extern int abl_device_type(TensorHandle t);
    [DllImport(Lib)] internal static extern int abl_device_index(TensorHandle t);
    [DllImport(Lib)] internal static extern int abl_is_contiguous(TensorHandle t);

    // ---- creation ----
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_from_data(void* data, long nbytes, long* shape, int ndim, sbyte dtype, int deviceType, int deviceIndex);
    [DllImport(Lib)] internal static extern unsafe int abl_copy_to(TensorHandle t, void* dst, long nbytes);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_empty(long* shape, int ndim, sbyte dtype, int dt, int di);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_full(long* shape, int ndim, double d, long i, int isInt, sbyte dtype, int dt, int di);
    [DllImport(Lib)] internal static extern IntPtr abl_arange(double start, double end, double step, sbyte dtype, int dt, int di);
    [DllImport(Lib)] internal static extern IntPtr abl_linspace(double start, double end, long steps, sbyte dtype, int dt, int di);
    [DllImport(Lib)] internal static extern IntPtr abl_eye(long n, sbyte dtype, int dt, int di);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_randn(long* shape, int ndim, sbyte dtype, int dt, int di, IntPtr gen);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_rand(long* shape, int ndim, sbyte dtype, int dt, int di, IntPtr gen);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_randint(long low, long high, long* shape, int ndim, sbyte dtype, int dt, int di, IntPtr gen);
    [DllImport(Lib)] internal static extern IntPtr abl_randperm(long n, int dt, int di, IntPtr gen);
    [DllImport(Lib)] internal static extern int abl_random_(TensorHandle t, int kind, double a, double b, IntPtr gen);

    // ---- conversion ----
    [DllImport(Lib)] internal static extern IntPtr abl_to(TensorHandle t, sbyte dtype, int dt, int di, int copy);
    [DllImport(Lib)] internal static extern int abl_copy_(TensorHandle dst, TensorHandle src);
    [DllImport(Lib)] internal static extern int abl_set_data(TensorHandle dst, TensorHandle src);

    // ---- autograd ----
    [DllImport(Lib)] internal static extern int abl_requires_grad(TensorHandle t);
    [DllImport(Lib)] internal static extern int abl_is_leaf(TensorHandle t);
    [DllImport(Lib)] internal static extern int abl_set_requires_grad(TensorHandle t, int on);
    [DllImport(Lib)] internal static extern int abl_grad(TensorHandle t, out IntPtr grad);
    [DllImport(Lib)] internal static extern int abl_set_grad(TensorHandle t, TensorHandle grad);
    [DllImport(Lib)] internal static extern int abl_backward(TensorHandle t, TensorHandle grad, int retainGraph, int createGraph);
    [DllImport(Lib)] internal static extern int abl_retain_grad(TensorHandle t);
    [DllImport(Lib)] internal static extern int abl_grad_enabled();
    [DllImport(Lib)] internal static extern void abl_set_grad_enabled(int on);

    // ---- ops ----
    [DllImport(Lib)] internal static extern IntPtr abl_unary(TensorHandle x, int op);
    [DllImport(Lib)] internal static extern IntPtr abl_binary(TensorHandle a, TensorHandle b, int op);
    [DllImport(Lib)] internal static extern IntPtr abl_scalar_op(TensorHandle a, double d, long i, int isInt, int op);
    [DllImport(Lib)] internal static extern int abl_scalar_op_(TensorHandle a, double d, long i, int isInt, int op);
    [DllImport(Lib)] internal static extern int abl_add_(TensorHandle a, TensorHandle b, double alpha);
    [DllImport(Lib)] internal static extern int abl_mul_(TensorHandle a, TensorHandle b);
    [DllImport(Lib)] internal static extern IntPtr abl_clamp(TensorHandle x, int hasMin, double lo, int hasMax, double hi);
    [DllImport(Lib)] internal static extern IntPtr abl_where(TensorHandle cond, TensorHandle a, TensorHandle b);
    [DllImport(Lib)] internal static extern IntPtr abl_masked_fill(TensorHandle x, TensorHandle mask, double d, long i, int isInt);
    [DllImport(Lib)] internal static extern int abl_masked_fill_(TensorHandle x, TensorHandle mask, double d, long i, int isInt);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_reduce(TensorHandle x, int op, long* dims, int nd, int keepdim, sbyte dtype);
    [DllImport(Lib)] internal static extern int abl_values_indices(TensorHandle x, int op, long dim, int keepdim, long k, int largest, out IntPtr values, out IntPtr indices);
    [DllImport(Lib)] internal static extern IntPtr abl_arg(TensorHandle x, int op, int hasDim, long dim, int keepdim);
    [DllImport(Lib)] internal static extern IntPtr abl_cumsum(TensorHandle x, long dim, sbyte dtype);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_shape_op(TensorHandle x, int op, long* s, int n);
    [DllImport(Lib)] internal static extern IntPtr abl_dim_op(TensorHandle x, int op, long a, long b, long c, long e);
    [DllImport(Lib)] internal static extern IntPtr abl_index_op(TensorHandle x, int op, long dim, TensorHandle index, TensorHandle src);
    [DllImport(Lib)] internal static extern IntPtr abl_scatter_value(TensorHandle x, long dim, TensorHandle index, double value);
    [DllImport(Lib)] internal static extern IntPtr abl_masked_select(TensorHandle x, TensorHandle mask);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_cat(IntPtr* ts, int n, long dim);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_stack(IntPtr* ts, int n, long dim);
    [DllImport(Lib)] internal static extern long abl_split(TensorHandle x, int op, long size, long dim, out IntPtr parts);
    [DllImport(Lib)] internal static extern unsafe long abl_split_sizes(TensorHandle x, long* sizes, int n, long dim, out IntPtr parts);
    [DllImport(Lib)] internal static extern IntPtr abl_nonzero(TensorHandle x);
    [DllImport(Lib)] internal static extern int abl_equal(TensorHandle a, TensorHandle b);

    // ---- functional ----
    [DllImport(Lib)] internal static extern IntPtr abl_linear(TensorHandle x, TensorHandle w, TensorHandle b);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_layer_norm(TensorHandle x, long* shape, int n, TensorHandle w, TensorHandle b, double eps);
    [DllImport(Lib)] internal static extern IntPtr abl_rms_norm(TensorHandle x, TensorHandle w, double eps);
    [DllImport(Lib)] internal static extern IntPtr abl_embedding(TensorHandle weight, TensorHandle indices, long paddingIdx);
    [DllImport(Lib)] internal static extern IntPtr abl_cross_entropy(TensorHandle logits, TensorHandle target, TensorHandle weight, long reduction, long ignoreIndex, double labelSmoothing);
    [DllImport(Lib)] internal static extern IntPtr abl_mse_loss(TensorHandle a, TensorHandle b, long reduction);
    [DllImport(Lib)] internal static extern IntPtr abl_binary_cross_entropy_with_logits(TensorHandle x, TensorHandle y, long reduction);
    [DllImport(Lib)] internal static extern IntPtr abl_cosine_similarity(TensorHandle a, TensorHandle b, long dim, double eps);
    [DllImport(Lib)] internal static extern IntPtr abl_normalize(TensorHandle x, double p, long dim, double eps);
    [DllImport(Lib)] internal static extern IntPtr abl_dropout(TensorHandle x, double p, int training, IntPtr gen);
    [DllImport(Lib)] internal static extern IntPtr abl_sdpa(TensorHandle q, TensorHandle k, TensorHandle v, TensorHandle mask, double dropoutP, int isCausal);

    // ---- optimizers ----
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_adamw_new(IntPtr* ps, int n, double lr, double b1, double b2, double eps, double wd, int amsgrad);
    [DllImport(Lib)] internal static extern unsafe IntPtr abl_sgd_new(IntPtr* ps, int n, double lr, double momentum, double dampening, double wd, int nesterov);
    [DllImport(Lib)] internal static extern void abl_optim_free(IntPtr o);
    [DllImport(Lib)] internal static extern unsafe int abl_optim_add_group(IntPtr o, IntPtr* ps, int n, double lr, double wd);
    [DllImport(Lib)] internal static extern int abl_optim_group_count(IntPtr o);
    [DllImport(Lib)] internal static extern int abl_optim_step(IntPtr o);
    [DllImport(Lib)] internal static extern int abl_optim_zero_grad(IntPtr o);
    [DllImport(Lib)] internal static extern int abl_optim_set_lr(IntPtr o, int group, double lr);
    [DllImport(Lib)] internal static extern double abl_optim_get_lr(IntPtr o, int group);
    [DllImport(Lib)] internal static extern int abl_optim_save(IntPtr o, out IntPtr data, out long length);
    [DllImport(Lib)] internal static extern unsafe int abl_optim_load(IntPtr o, byte* data, long length);
    [DllImport(Lib)] internal static extern unsafe double abl_clip_grad_norm(IntPtr* ps, int n, double maxNorm, double normType);

    // ---- runtime ----
    [DllImport(Lib)] internal static extern IntPtr abl_generator_new(ulong seed);
    [DllImport(Lib)] internal static extern void abl_generator_free(IntPtr g);
    [DllImport(Lib)] internal static extern int abl_generator_seed(IntPtr g, ulong seed);
    [DllImport(Lib)] internal static extern IntPtr abl_generator_get_state(IntPtr g);
    [DllImport(Lib)] internal static extern int abl_generator_set_state(IntPtr g, TensorHandle state);
    [DllImport(Lib)] internal static extern int abl_manual_seed(ulong seed);
    [DllImport(Lib)] internal static extern int abl_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int abl_get_num_threads();
    [DllImport(Lib)] internal static extern int abl_openblas_set_num_threads(int n);
    [DllImport(Lib)] internal static extern int abl_openblas_get_num_threads();
    [DllImport(Lib)] internal static extern int abl_cuda_is_available();
    [DllImport(Lib)] internal static extern int abl_cuda_device_count();
    [DllImport(Lib)] internal static extern unsafe long abl_info(int kind, byte* buf, long capacity);
}

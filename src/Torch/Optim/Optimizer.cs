using Ablation.Torch.Interop;
using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch.Optim;

/// <summary>
/// Base of the optimizers: a libtorch <c>torch::optim</c> optimizer behind an opaque handle. It keeps its own
/// references to the parameters it was given (create it after moving the model with Module.to). State
/// (moments, step counts, learning rates) saves to bytes or a file for resuming training.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private IntPtr handle;

    private protected Optimizer() { }

    ~Optimizer() => Release();

    internal IntPtr Handle => handle == IntPtr.Zero ? throw new ObjectDisposedException(GetType().Name) : handle;

    private protected void Attach(IntPtr native)
    {
        if (native == IntPtr.Zero) throw LastError();
        handle = native;
    }

    private protected static unsafe IntPtr Create(IEnumerable<Tensor> parameters, Func<IntPtr[], IntPtr> make)
    {
        var list = parameters.ToArray();
        if (list.Length == 0) throw new ArgumentException("optimizer got an empty parameter list; did every parameter get frozen?", nameof(parameters));
        var handles = list.Select(p => p.Handle.DangerousGetHandle()).ToArray();
        var result = make(handles);
        GC.KeepAlive(list);
        return result;
    }

    /// <summary>Number of parameter groups (1 plus every add_param_group).</summary>
    public int param_group_count => abl_optim_group_count(Handle);

    /// <summary>Adds parameters with their own learning rate and weight decay (e.g. no decay for norms and biases).</summary>
    public unsafe void add_param_group(IEnumerable<Tensor> parameters, double lr, double weight_decay)
    {
        var list = parameters.ToArray();
        var handles = list.Select(p => p.Handle.DangerousGetHandle()).ToArray();
        fixed (IntPtr* p = handles) Check(abl_optim_add_group(Handle, p, handles.Length, lr, weight_decay));
        GC.KeepAlive(list);
    }

    /// <summary>Updates the parameters from their gradients.</summary>
    public void step() => Check(abl_optim_step(Handle));

    /// <summary>Clears the gradients of every parameter (set to none).</summary>
    public void zero_grad() => Check(abl_optim_zero_grad(Handle));

    /// <summary>The learning rate of group 0.</summary>
    public double learning_rate => get_lr(0);

    public double get_lr(int group) => CheckNotNaN(abl_optim_get_lr(Handle, group));

    /// <summary>Sets the learning rate of every group (what LR schedules call each step).</summary>
    public void set_lr(double lr) => Check(abl_optim_set_lr(Handle, -1, lr));

    public void set_lr(int group, double lr) => Check(abl_optim_set_lr(Handle, group, lr));

    /// <summary>The optimizer state (libtorch archive bytes), for resuming.</summary>
    public byte[] state_dict_bytes()
    {
        Check(abl_optim_save(Handle, out var data, out var length));
        try
        {
            var bytes = new byte[length];
            System.Runtime.InteropServices.Marshal.Copy(data, bytes, 0, checked((int)length));
            return bytes;
        }
        finally
        {
            abl_free_buffer(data);
        }
    }

    /// <summary>Restores state saved by <see cref="state_dict_bytes"/> from an optimizer over the same parameters.</summary>
    public unsafe void load_state_dict_bytes(ReadOnlySpan<byte> state)
    {
        fixed (byte* p = state) Check(abl_optim_load(Handle, p, state.Length));
    }

    /// <summary>Writes the state to a file atomically (temporary file, then rename).</summary>
    public void save(string path)
    {
        var state = state_dict_bytes();
        IO.AtomicWrite.Write(path, stream => stream.Write(state));
    }

    public void load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"optimizer state file not found: {path}", path);
        try
        {
            load_state_dict_bytes(File.ReadAllBytes(path));
        }
        catch (TorchException e)
        {
            throw new InvalidDataException($"{path}: not a readable optimizer state for this optimizer ({e.Message})", e);
        }
    }

    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    private void Release()
    {
        var p = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (p != IntPtr.Zero) abl_optim_free(p);
    }
}

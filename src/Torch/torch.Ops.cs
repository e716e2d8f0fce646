using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

// Functions of several tensors (joins, where, products) and PyTorch's free-function spellings of tensor methods.
public static partial class torch
{
    private static unsafe Tensor Join(IReadOnlyList<Tensor> tensors, long dim, bool stack)
    {
        if (tensors.Count == 0) throw new ArgumentException($"torch.{(stack ? "stack" : "cat")} needs at least one tensor", nameof(tensors));
        var handles = new IntPtr[tensors.Count];
        for (int i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle.DangerousGetHandle();
        Tensor result;
        fixed (IntPtr* p = handles) result = Check(stack ? abl_stack(p, handles.Length, dim) : abl_cat(p, handles.Length, dim));
        GC.KeepAlive(tensors);
        return result;
    }

    /// <summary>Concatenates along an existing dimension.</summary>
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: false);

    /// <summary>Stacks along a new dimension.</summary>
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(tensors, dim, stack: true);

    /// <summary>Elements of a where condition is true, else of b.</summary>
    public static Tensor where(Tensor condition, Tensor a, Tensor b) => Check(abl_where(condition.Handle, a.Handle, b.Handle));

    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    public static Tensor exp(Tensor x) => x.exp();
    public static Tensor log(Tensor x) => x.log();
    public static Tensor sqrt(Tensor x) => x.sqrt();
    public static Tensor rsqrt(Tensor x) => x.rsqrt();
    public static Tensor abs(Tensor x) => x.abs();
    public static Tensor sin(Tensor x) => x.sin();
    public static Tensor cos(Tensor x) => x.cos();
    public static Tensor tanh(Tensor x) => x.tanh();
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
    public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
    public static Tensor pow(Tensor x, double exponent) => x.pow(exponent);
    public static Tensor sum(Tensor x) => x.sum();
    public static Tensor mean(Tensor x) => x.mean();
    public static Tensor logsumexp(Tensor x, long dim, bool keepdim = false) => x.logsumexp(dim, keepdim);
    public static Tensor cumsum(Tensor x, long dim) => x.cumsum(dim);
    public static Tensor tril(Tensor x, long diagonal = 0) => x.tril(diagonal);
    public static Tensor triu(Tensor x, long diagonal = 0) => x.triu(diagonal);
    public static Tensor[] split(Tensor x, long size, long dim = 0) => x.split(size, dim);
    public static Tensor[] chunk(Tensor x, long chunks, long dim = 0) => x.chunk(chunks, dim);
    public static Tensor gather(Tensor x, long dim, Tensor index) => x.gather(dim, index);
    public static Tensor index_select(Tensor x, long dim, Tensor index) => x.index_select(dim, index);
    public static (Tensor values, Tensor indices) topk(Tensor x, long k, long dim = -1, bool largest = true) => x.topk(k, dim, largest);
    public static (Tensor values, Tensor indices) sort(Tensor x, long dim = -1, bool descending = false) => x.sort(dim, descending);
    public static Tensor argmax(Tensor x, long dim, bool keepdim = false) => x.argmax(dim, keepdim);
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);

    /// <summary>True when every element of a is within atol + rtol·|b| of b (torch.allclose).</summary>
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-5, double atol = 1e-8)
    {
        using var scope = NewDisposeScope();
        var diff = (a - b).abs();
        var bound = b.abs() * rtol + atol;
        return diff.le(bound).all().item<bool>();
    }
}

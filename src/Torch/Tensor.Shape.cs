using Ablation.Torch.Interop;
using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

// Shape, view and indexing operations.
public sealed partial class Tensor
{
    private unsafe Tensor ShapeOp(ShapeOp op, ReadOnlySpan<long> sizes)
    {
        fixed (long* s = sizes) return Check(abl_shape_op(Handle, (int)op, s, sizes.Length));
    }

    private Tensor DimOp(DimOp op, long a, long b = 0, long c = 0, long e = 0) => Check(abl_dim_op(Handle, (int)op, a, b, c, e));
    private Tensor IndexOp(IndexOp op, long dim, Tensor index, Tensor? src = null) =>
        Check(abl_index_op(Handle, (int)op, dim, index.Handle, src?.Handle ?? TensorHandle.Null));

    public Tensor view(params long[] shape) => ShapeOp(Interop.ShapeOp.View, shape);
    public Tensor reshape(params long[] shape) => ShapeOp(Interop.ShapeOp.Reshape, shape);
    public Tensor permute(params long[] dims) => ShapeOp(Interop.ShapeOp.Permute, dims);
    public Tensor expand(params long[] shape) => ShapeOp(Interop.ShapeOp.Expand, shape);
    public Tensor expand_as(Tensor other) => expand(other.shape);
    public Tensor view_as(Tensor other) => view(other.shape);
    public Tensor repeat(params long[] repeats) => ShapeOp(Interop.ShapeOp.Repeat, repeats);
    public Tensor flip(params long[] dims) => ShapeOp(Interop.ShapeOp.Flip, dims);

    public Tensor transpose(long dim0, long dim1) => DimOp(Interop.DimOp.Transpose, dim0, dim1);
    /// <summary>Transpose of a matrix (2-D tensor).</summary>
    public Tensor t() => Unary(UnaryOp.T);
    public Tensor unsqueeze(long dim) => DimOp(Interop.DimOp.Unsqueeze, dim);
    public Tensor squeeze(long dim) => DimOp(Interop.DimOp.Squeeze, dim);
    public Tensor squeeze() => Unary(UnaryOp.SqueezeAll);
    public Tensor contiguous() => Unary(UnaryOp.Contiguous);
    public Tensor flatten(long startDim = 0, long endDim = -1) => DimOp(Interop.DimOp.Flatten, startDim, endDim);
    public Tensor movedim(long source, long destination) => DimOp(Interop.DimOp.Movedim, source, destination);

    /// <summary>Elements [start, start + length) along dim, as a view.</summary>
    public Tensor narrow(long dim, long start, long length) => DimOp(Interop.DimOp.Narrow, dim, start, length);

    /// <summary>Elements [start, end) with a step along dim, as a view (Python's t[..., start:end:step]).</summary>
    public Tensor slice(long dim, long start, long end, long step = 1) => DimOp(Interop.DimOp.Slice, dim, start, end, step);

    /// <summary>The sub-tensor at index along dim (that dimension removed).</summary>
    public Tensor select(long dim, long index) => DimOp(Interop.DimOp.Select, dim, index);

    /// <summary>t[i]: the sub-tensor at index i of the first dimension.</summary>
    public Tensor this[long index] => select(0, index);

    public Tensor tril(long diagonal = 0) => DimOp(Interop.DimOp.Tril, diagonal);
    public Tensor triu(long diagonal = 0) => DimOp(Interop.DimOp.Triu, diagonal);
    public Tensor repeat_interleave(long repeats, long dim) => DimOp(Interop.DimOp.RepeatInterleave, repeats, dim);

    public Tensor index_select(long dim, Tensor index) => IndexOp(Interop.IndexOp.IndexSelect, dim, index);
    public Tensor gather(long dim, Tensor index) => IndexOp(Interop.IndexOp.Gather, dim, index);
    public Tensor scatter(long dim, Tensor index, Tensor src) => IndexOp(Interop.IndexOp.Scatter, dim, index, src);
    public Tensor scatter(long dim, Tensor index, double value) => Check(abl_scatter_value(Handle, dim, index.Handle, value));
    public Tensor scatter_add(long dim, Tensor index, Tensor src) => IndexOp(Interop.IndexOp.ScatterAdd, dim, index, src);
    public Tensor index_add(long dim, Tensor index, Tensor src) => IndexOp(Interop.IndexOp.IndexAdd, dim, index, src);
    public Tensor masked_select(Tensor mask) => Check(abl_masked_select(Handle, mask.Handle));
    public Tensor nonzero() => Check(abl_nonzero(Handle));

    public Tensor masked_fill(Tensor mask, double value) => Check(abl_masked_fill(Handle, mask.Handle, value, 0, 0));
    public Tensor masked_fill(Tensor mask, long value) => Check(abl_masked_fill(Handle, mask.Handle, 0, value, 1));

    public Tensor masked_fill_(Tensor mask, double value)
    {
        Check(abl_masked_fill_(Handle, mask.Handle, value, 0, 0));
        return this;
    }

    private Tensor[] TakeList(long count, IntPtr array)
    {
        try
        {
            var result = new Tensor[count];
            unsafe
            {
                var p = (IntPtr*)array;
                for (long i = 0; i < count; i++) result[i] = new Tensor(p[i]);
            }
            return result;
        }
        finally
        {
            abl_free_buffer(array);
        }
    }

    /// <summary>Pieces of <paramref name="size"/> along dim (the last may be smaller).</summary>
    public Tensor[] split(long size, long dim = 0)
    {
        var n = Check(abl_split(Handle, (int)SplitOp.Split, size, dim, out var parts));
        return TakeList(n, parts);
    }

    /// <summary>Pieces with the given sizes along dim.</summary>
    public unsafe Tensor[] split(long[] sizes, long dim = 0)
    {
        long n;
        IntPtr parts;
        fixed (long* s = sizes) n = Check(abl_split_sizes(Handle, s, sizes.Length, dim, out parts));
        return TakeList(n, parts);
    }

    public Tensor[] chunk(long chunks, long dim = 0)
    {
        var n = Check(abl_split(Handle, (int)SplitOp.Chunk, chunks, dim, out var parts));
        return TakeList(n, parts);
    }

    public Tensor[] unbind(long dim = 0)
    {
        var n = Check(abl_split(Handle, (int)SplitOp.Unbind, 0, dim, out var parts));
        return TakeList(n, parts);
    }
}

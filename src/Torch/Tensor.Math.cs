using Ablation.Torch.Interop;
using static Ablation.Torch.Interop.NativeMethods;

namespace Ablation.Torch;

// Elementwise operations, comparisons, matrix products, reductions and C# operators.
public sealed partial class Tensor
{
    private Tensor Unary(UnaryOp op) => Check(abl_unary(Handle, (int)op));
    private Tensor Binary(Tensor other, BinaryOp op) => Check(abl_binary(Handle, other.Handle, (int)op));
    private Tensor WithScalar(double value, ScalarOp op) => Check(abl_scalar_op(Handle, value, 0, 0, (int)op));
    private Tensor WithScalar(long value, ScalarOp op) => Check(abl_scalar_op(Handle, 0, value, 1, (int)op));

    private Tensor InPlace(double value, InPlaceScalarOp op)
    {
        Check(abl_scalar_op_(Handle, value, 0, 0, (int)op));
        return this;
    }

    // ---- arithmetic ----
    public Tensor add(Tensor other) => Binary(other, BinaryOp.Add);
    public Tensor add(double value) => WithScalar(value, ScalarOp.Add);
    public Tensor add(long value) => WithScalar(value, ScalarOp.Add);
    public Tensor sub(Tensor other) => Binary(other, BinaryOp.Sub);
    public Tensor sub(double value) => WithScalar(value, ScalarOp.Sub);
    public Tensor sub(long value) => WithScalar(value, ScalarOp.Sub);
    public Tensor mul(Tensor other) => Binary(other, BinaryOp.Mul);
    public Tensor mul(double value) => WithScalar(value, ScalarOp.Mul);
    public Tensor mul(long value) => WithScalar(value, ScalarOp.Mul);
    public Tensor div(Tensor other) => Binary(other, BinaryOp.Div);
    public Tensor div(double value) => WithScalar(value, ScalarOp.Div);
    public Tensor pow(Tensor exponent) => Binary(exponent, BinaryOp.Pow);
    public Tensor pow(double exponent) => WithScalar(exponent, ScalarOp.Pow);
    public Tensor remainder(long divisor) => WithScalar(divisor, ScalarOp.Remainder);
    public Tensor floor_divide(Tensor other) => Binary(other, BinaryOp.FloorDivide);
    public Tensor maximum(Tensor other) => Binary(other, BinaryOp.Maximum);
    public Tensor minimum(Tensor other) => Binary(other, BinaryOp.Minimum);

    public Tensor neg() => Unary(UnaryOp.Neg);
    public Tensor exp() => Unary(UnaryOp.Exp);
    public Tensor log() => Unary(UnaryOp.Log);
    public Tensor log1p() => Unary(UnaryOp.Log1p);
    public Tensor expm1() => Unary(UnaryOp.Expm1);
    public Tensor sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor rsqrt() => Unary(UnaryOp.Rsqrt);
    public Tensor abs() => Unary(UnaryOp.Abs);
    public Tensor square() => Unary(UnaryOp.Square);
    public Tensor reciprocal() => Unary(UnaryOp.Reciprocal);
    public Tensor sin() => Unary(UnaryOp.Sin);
    public Tensor cos() => Unary(UnaryOp.Cos);
    public Tensor floor() => Unary(UnaryOp.Floor);
    public Tensor ceil() => Unary(UnaryOp.Ceil);
    public Tensor round() => Unary(UnaryOp.Round);
    public Tensor sign() => Unary(UnaryOp.Sign);
    public Tensor erf() => Unary(UnaryOp.Erf);

    public Tensor clamp(double? min = null, double? max = null) =>
        Check(abl_clamp(Handle, min.HasValue ? 1 : 0, min ?? 0, max.HasValue ? 1 : 0, max ?? 0));
    public Tensor clamp_min(double min) => WithScalar(min, ScalarOp.ClampMin);
    public Tensor clamp_max(double max) => WithScalar(max, ScalarOp.ClampMax);

    // ---- activations ----
    public Tensor relu() => Unary(UnaryOp.Relu);
    public Tensor gelu(bool tanhApproximation = false) => Unary(tanhApproximation ? UnaryOp.GeluTanh : UnaryOp.Gelu);
    public Tensor silu() => Unary(UnaryOp.Silu);
    public Tensor sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor tanh() => Unary(UnaryOp.Tanh);
    public Tensor softmax(long dim) => Check(abl_dim_op(Handle, (int)Interop.DimOp.Softmax, dim, 0, 0, 0));
    public Tensor log_softmax(long dim) => Check(abl_dim_op(Handle, (int)Interop.DimOp.LogSoftmax, dim, 0, 0, 0));

    // ---- comparisons and logic (results are bool tensors) ----
    public Tensor eq(Tensor other) => Binary(other, BinaryOp.Eq);
    public Tensor eq(double value) => WithScalar(value, ScalarOp.Eq);
    public Tensor eq(long value) => WithScalar(value, ScalarOp.Eq);
    public Tensor ne(Tensor other) => Binary(other, BinaryOp.Ne);
    public Tensor ne(double value) => WithScalar(value, ScalarOp.Ne);
    public Tensor ne(long value) => WithScalar(value, ScalarOp.Ne);
    public Tensor lt(Tensor other) => Binary(other, BinaryOp.Lt);
    public Tensor lt(double value) => WithScalar(value, ScalarOp.Lt);
    public Tensor le(Tensor other) => Binary(other, BinaryOp.Le);
    public Tensor le(double value) => WithScalar(value, ScalarOp.Le);
    public Tensor gt(Tensor other) => Binary(other, BinaryOp.Gt);
    public Tensor gt(double value) => WithScalar(value, ScalarOp.Gt);
    public Tensor ge(Tensor other) => Binary(other, BinaryOp.Ge);
    public Tensor ge(double value) => WithScalar(value, ScalarOp.Ge);
    public Tensor logical_not() => Unary(UnaryOp.LogicalNot);
    public Tensor logical_and(Tensor other) => Binary(other, BinaryOp.LogicalAnd);
    public Tensor logical_or(Tensor other) => Binary(other, BinaryOp.LogicalOr);
    public Tensor logical_xor(Tensor other) => Binary(other, BinaryOp.LogicalXor);
    public Tensor isnan() => Unary(UnaryOp.IsNan);
    public Tensor isinf() => Unary(UnaryOp.IsInf);
    public Tensor isfinite() => Unary(UnaryOp.IsFinite);

    /// <summary>True when both tensors have the same shape and elements.</summary>
    public bool equal(Tensor other) => Check(abl_equal(Handle, other.Handle)) == 1;

    // ---- matrix products ----
    public Tensor matmul(Tensor other) => Binary(other, BinaryOp.Matmul);
    public Tensor mm(Tensor other) => Binary(other, BinaryOp.Mm);
    public Tensor bmm(Tensor other) => Binary(other, BinaryOp.Bmm);
    public Tensor outer(Tensor other) => Binary(other, BinaryOp.Outer);

    // ---- reductions ----
    private unsafe Tensor Reduce(ReduceOp op, ReadOnlySpan<long> dims, bool keepdim, ScalarType? type = null)
    {
        fixed (long* d = dims)
            return Check(abl_reduce(Handle, (int)op, d, dims.Length, keepdim ? 1 : 0, type.HasValue ? (sbyte)type.Value : (sbyte)-1));
    }

    public Tensor sum(ScalarType? type = null) => Reduce(ReduceOp.Sum, [], false, type);
    public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReduceOp.Sum, [dim], keepdim, type);
    public Tensor sum(long[] dims, bool keepdim = false, ScalarType? type = null) => Reduce(ReduceOp.Sum, dims, keepdim, type);
    public Tensor mean(ScalarType? type = null) => Reduce(ReduceOp.Mean, [], false, type);
    public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReduceOp.Mean, [dim], keepdim, type);
    public Tensor mean(long[] dims, bool keepdim = false, ScalarType? type = null) => Reduce(ReduceOp.Mean, dims, keepdim, type);
    public Tensor amax(params long[] dims) => Reduce(ReduceOp.Amax, dims, false);
    public Tensor amax(long dim, bool keepdim) => Reduce(ReduceOp.Amax, [dim], keepdim);
    public Tensor amin(params long[] dims) => Reduce(ReduceOp.Amin, dims, false);
    public Tensor amin(long dim, bool keepdim) => Reduce(ReduceOp.Amin, [dim], keepdim);
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepdim);
    public Tensor std(long dim, bool keepdim = false) => Reduce(ReduceOp.Std, [dim], keepdim);
    public Tensor std() => Reduce(ReduceOp.Std, [], false);
    public Tensor var(long dim, bool keepdim = false) => Reduce(ReduceOp.Var, [dim], keepdim);
    public Tensor var() => Reduce(ReduceOp.Var, [], false);
    public Tensor prod() => Reduce(ReduceOp.Prod, [], false);
    public Tensor prod(long dim, bool keepdim = false) => Reduce(ReduceOp.Prod, [dim], keepdim);
    public Tensor all() => Reduce(ReduceOp.All, [], false);
    public Tensor any() => Reduce(ReduceOp.Any, [], false);

    /// <summary>The L2 norm over all elements (or along one dimension in the overload with dim).</summary>
    public Tensor norm() => Reduce(ReduceOp.Norm2, [], false);
    public Tensor norm(long dim, bool keepdim = false) => Reduce(ReduceOp.Norm2, [dim], keepdim);

    /// <summary>The largest element (torch.max(t)).</summary>
    public Tensor max() => Reduce(ReduceOp.Amax, [], false);
    public Tensor min() => Reduce(ReduceOp.Amin, [], false);

    private (Tensor values, Tensor indices) ValuesIndices(ValuesIndicesOp op, long dim, bool flag, long k = 0, bool largest = true)
    {
        Check(abl_values_indices(Handle, (int)op, dim, flag ? 1 : 0, k, largest ? 1 : 0, out var v, out var i));
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Largest values along a dimension and their indices (torch.max(t, dim)).</summary>
    public (Tensor values, Tensor indices) max(long dim, bool keepdim = false) => ValuesIndices(ValuesIndicesOp.Max, dim, keepdim);
    public (Tensor values, Tensor indices) min(long dim, bool keepdim = false) => ValuesIndices(ValuesIndicesOp.Min, dim, keepdim);
    public (Tensor values, Tensor indices) median(long dim, bool keepdim = false) => ValuesIndices(ValuesIndicesOp.Median, dim, keepdim);
    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false) => ValuesIndices(ValuesIndicesOp.Sort, dim, descending);
    public (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true) => ValuesIndices(ValuesIndicesOp.TopK, dim, false, k, largest);

    public Tensor argmax() => Check(abl_arg(Handle, 0, 0, 0, 0));
    public Tensor argmax(long dim, bool keepdim = false) => Check(abl_arg(Handle, 0, 1, dim, keepdim ? 1 : 0));
    public Tensor argmin() => Check(abl_arg(Handle, 1, 0, 0, 0));
    public Tensor argmin(long dim, bool keepdim = false) => Check(abl_arg(Handle, 1, 1, dim, keepdim ? 1 : 0));

    public Tensor cumsum(long dim, ScalarType? type = null) => Check(abl_cumsum(Handle, dim, type.HasValue ? (sbyte)type.Value : (sbyte)-1));

    // ---- in place ----
    public Tensor add_(Tensor other, double alpha = 1)
    {
        Check(abl_add_(Handle, other.Handle, alpha));
        return this;
    }

    public Tensor mul_(Tensor other)
    {
        Check(abl_mul_(Handle, other.Handle));
        return this;
    }

    public Tensor add_(double value) => InPlace(value, InPlaceScalarOp.Add);
    public Tensor sub_(double value) => InPlace(value, InPlaceScalarOp.Sub);
    public Tensor mul_(double value) => InPlace(value, InPlaceScalarOp.Mul);
    public Tensor div_(double value) => InPlace(value, InPlaceScalarOp.Div);
    public Tensor fill_(double value) => InPlace(value, InPlaceScalarOp.Fill);
    public Tensor zero_() => InPlace(0, InPlaceScalarOp.Zero);
    public Tensor clamp_min_(double min) => InPlace(min, InPlaceScalarOp.ClampMin);
    public Tensor clamp_max_(double max) => InPlace(max, InPlaceScalarOp.ClampMax);

    private Tensor FillRandom(Interop.RandomFill kind, double a, double b, Generator? generator)
    {
        Check(abl_random_(Handle, (int)kind, a, b, generator?.Pointer ?? IntPtr.Zero));
        GC.KeepAlive(generator);
        return this;
    }

    /// <summary>Fills with U(from, to) drawn from the generator (or the default one), without recording autograd.</summary>
    public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null) => FillRandom(Interop.RandomFill.Uniform, from, to, generator);
    public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null) => FillRandom(Interop.RandomFill.Normal, mean, std, generator);
    public Tensor bernoulli_(double p = 0.5, Generator? generator = null) => FillRandom(Interop.RandomFill.Bernoulli, p, 0, generator);

    // ---- operators ----
    public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
    public static Tensor operator +(Tensor a, double b) => a.add(b);
    public static Tensor operator +(double a, Tensor b) => b.add(a);
    public static Tensor operator +(Tensor a, long b) => a.add(b);
    public static Tensor operator +(long a, Tensor b) => b.add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
    public static Tensor operator -(Tensor a, double b) => a.sub(b);
    public static Tensor operator -(double a, Tensor b) => b.WithScalar(a, ScalarOp.RSub);
    public static Tensor operator -(Tensor a, long b) => a.sub(b);
    public static Tensor operator -(long a, Tensor b) => b.WithScalar(a, ScalarOp.RSub);
    public static Tensor operator -(Tensor a) => a.neg();
    public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
    public static Tensor operator *(Tensor a, double b) => a.mul(b);
    public static Tensor operator *(double a, Tensor b) => b.mul(a);
    public static Tensor operator *(Tensor a, long b) => a.mul(b);
    public static Tensor operator *(long a, Tensor b) => b.mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
    public static Tensor operator /(Tensor a, double b) => a.div(b);
    public static Tensor operator /(double a, Tensor b) => b.WithScalar(a, ScalarOp.RDiv);
}

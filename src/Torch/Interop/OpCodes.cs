namespace Ablation.Torch.Interop;

// Operation codes understood by the shim's dispatchers (native/src/ops.cpp); the numbers must match its switches.

internal enum UnaryOp
{
    Neg = 0, Exp, Log, Sqrt, Rsqrt, Abs, Relu, Gelu, GeluTanh, Silu, Sigmoid, Tanh, Sin, Cos, Contiguous, Detach,
    Clone, LogicalNot, Square, Reciprocal, Floor, Ceil, Sign, IsNan, Log1p, Expm1, Erf, Round, IsInf, IsFinite,
    T, Flatten, SqueezeAll, Softplus, LogSigmoid,
}

internal enum BinaryOp
{
    Add = 0, Sub, Mul, Div, Pow, Maximum, Minimum, Eq, Ne, Lt, Le, Gt, Ge, Matmul, Bmm, LogicalAnd, LogicalOr,
    Remainder, Mm, FloorDivide, LogicalXor, Outer,
}

internal enum ScalarOp
{
    Add = 0, Sub, Mul, Div, Pow, RSub, RDiv, Eq, Ne, Lt, Le, Gt, Ge, Remainder, RPow, ClampMin, ClampMax, LeakyRelu,
}

internal enum InPlaceScalarOp { Add = 0, Sub, Mul, Div, Fill, Zero, ClampMin, ClampMax }

internal enum ReduceOp { Sum = 0, Mean, Amax, Amin, LogSumExp, Std, Var, Norm2, Prod, All, Any }

internal enum ValuesIndicesOp { Max = 0, Min, Sort, TopK, Median }

internal enum ShapeOp { View = 0, Reshape, Permute, Expand, Repeat, Flip }

internal enum DimOp
{
    Transpose = 0, Unsqueeze, Squeeze, Narrow, Slice, Select, Tril, Triu, Flatten, RepeatInterleave, Movedim,
    Softmax, LogSoftmax,
}

internal enum IndexOp { IndexSelect = 0, Gather, Scatter, ScatterAdd, IndexAdd }

internal enum SplitOp { Split = 0, Chunk, Unbind }

internal enum RandomFill { Uniform = 0, Normal, Bernoulli }

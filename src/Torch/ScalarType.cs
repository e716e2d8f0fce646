namespace Ablation.Torch;

/// <summary>
/// Element type of a tensor. The numeric values equal libtorch's <c>c10::ScalarType</c> codes, so they cross
/// the native boundary unchanged. PyTorch names in comments.
/// </summary>
public enum ScalarType : sbyte
{
    /// <summary>torch.uint8</summary>
    UInt8 = 0,
    /// <summary>torch.int8</summary>
    Int8 = 1,
    /// <summary>torch.int16</summary>
    Int16 = 2,
    /// <summary>torch.int32</summary>
    Int32 = 3,
    /// <summary>torch.int64 (torch.long)</summary>
    Int64 = 4,
    /// <summary>torch.float16 (torch.half)</summary>
    Float16 = 5,
    /// <summary>torch.float32 (torch.float)</summary>
    Float32 = 6,
    /// <summary>torch.float64 (torch.double)</summary>
    Float64 = 7,
    /// <summary>torch.bool</summary>
    Bool = 11,
    /// <summary>torch.bfloat16</summary>
    BFloat16 = 15,
}

/// <summary>Facts about <see cref="ScalarType"/> values that do not need libtorch.</summary>
public static class ScalarTypeInfo
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType type) => type switch
    {
        ScalarType.UInt8 or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown scalar type"),
    };

    /// <summary>True for floating-point types (the ones that can require gradients).</summary>
    public static bool IsFloatingPoint(this ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;
}

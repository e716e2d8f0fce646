namespace Ablation.Torch.IO;

/// <summary>
/// One tensor's entry in a safetensors header. <see cref="Begin"/> and <see cref="End"/> are byte positions
/// relative to the start of the data section (the byte after the header), as in the format; <see cref="Shape"/>
/// is row-major and empty for a scalar.
/// </summary>
public sealed record SafetensorsTensorInfo(string Name, ScalarType Dtype, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Number of data bytes.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The shape as an array, convenient for tensor constructors.</summary>
    public long[] ShapeArray() => [.. Shape];

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {SafetensorsDtype.Name(Dtype)}[{string.Join(", ", Shape)}] @ [{Begin}, {End})";
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ablation.Torch.IO;

/// <summary>
/// A tensor to be written: name, dtype and shape up front (the header needs them before any data), and the data
/// itself supplied lazily by a callback that streams exactly <see cref="ByteLength"/> little-endian bytes. The
/// writer calls the callbacks one at a time in file order, so only one tensor's bytes need exist at once.
/// </summary>
public sealed class SafetensorsEntry
{
    private readonly Action<Stream> _writeData;

    /// <summary>Describes a tensor whose bytes <paramref name="writeData"/> will stream when asked.</summary>
    public SafetensorsEntry(string name, ScalarType dtype, IReadOnlyList<long> shape, Action<Stream> writeData)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(writeData);
        if (name == "__metadata__")
            throw new ArgumentException("'__metadata__' is reserved by the safetensors format and cannot name a tensor", nameof(name));
        _ = SafetensorsDtype.Name(dtype); // rejects scalar types safetensors cannot store
        if (shape.Any(d => d < 0))
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
        Name = name;
        Dtype = dtype;
        Shape = [.. shape];
        ByteLength = checked(Shape.Aggregate(1L, (a, b) => checked(a * b)) * dtype.ElementSize());
        _writeData = writeData;
    }

    /// <summary>Tensor name (HF-style dotted state-dict name).</summary>
    public string Name { get; }

    /// <summary>Element type.</summary>
    public ScalarType Dtype { get; }

    /// <summary>Row-major shape; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Bytes the data callback must write.</summary>
    public long ByteLength { get; }

    /// <summary>An entry over bytes already in memory.</summary>
    public static SafetensorsEntry FromBytes(string name, ScalarType dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> bytes)
    {
        var entry = new SafetensorsEntry(name, dtype, shape, s => s.Write(bytes.Span));
        if (entry.ByteLength != bytes.Length)
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] of {SafetensorsDtype.Name(dtype)} needs {entry.ByteLength} bytes, got {bytes.Length}", nameof(bytes));
        return entry;
    }

    /// <summary>
    /// An entry over an array whose element size equals the dtype's (for example <c>float[]</c> as F32,
    /// <c>ushort[]</c> holding BF16 bits, <c>bool[]</c> as BOOL).
    /// </summary>
    public static SafetensorsEntry FromArray<T>(string name, ScalarType dtype, IReadOnlyList<long> shape, T[] values) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (size != dtype.ElementSize())
            throw new ArgumentException($"tensor '{name}': {typeof(T).Name} has {size} bytes per element but {SafetensorsDtype.Name(dtype)} has {dtype.ElementSize()}", nameof(values));
        var entry = new SafetensorsEntry(name, dtype, shape, s => s.Write(MemoryMarshal.AsBytes(values.AsSpan())));
        if (entry.ByteLength != (long)values.Length * size)
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] has {entry.ByteLength / size} elements, the array {values.Length}", nameof(values));
        return entry;
    }

    /// <summary>An entry over float32 values stored as F32, F16 or BF16 (rounded to nearest even).</summary>
    public static SafetensorsEntry FromSingles(string name, ScalarType dtype, IReadOnlyList<long> shape, float[] values)
    {
        switch (dtype)
        {
            case ScalarType.Float32:
                return FromArray(name, dtype, shape, values);
            case ScalarType.BFloat16:
            case ScalarType.Float16:
                var entry = new SafetensorsEntry(name, dtype, shape, s =>
                {
                    var bits = new ushort[values.Length];
                    if (dtype == ScalarType.BFloat16) ReducedPrecision.SingleToBFloat16(values, bits);
                    else ReducedPrecision.SingleToHalf(values, bits);
                    s.Write(MemoryMarshal.AsBytes(bits.AsSpan()));
                });
                if (entry.ByteLength != values.LongLength * 2)
                    throw new ArgumentException($"tensor '{name}': shape [{string.Join(", ", shape)}] has {entry.ByteLength / 2} elements, the array {values.Length}", nameof(values));
                return entry;
            default:
                throw new ArgumentException($"tensor '{name}': float values can be stored as F32, F16 or BF16, not {dtype}", nameof(dtype));
        }
    }

    internal void WriteData(Stream destination) => _writeData(destination);
}

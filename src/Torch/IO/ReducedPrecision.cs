namespace Ablation.Torch.IO;

/// <summary>
/// Conversions between float32 and the 16-bit float formats as raw bit patterns (<c>ushort</c>), rounding to
/// nearest with ties to even like PyTorch and numpy. bfloat16 is the top half of a float32, so widening is a
/// shift; narrowing rounds the dropped 16 bits. NaN stays NaN instead of rounding to infinity.
/// </summary>
public static class ReducedPrecision
{
    /// <summary>float32 → bfloat16 bits, round to nearest even; every NaN becomes 0x7FC0, as in PyTorch.</summary>
    public static ushort SingleToBFloat16(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
            return 0x7FC0;
        // Adding 0x7FFF plus the lowest kept bit rounds half-way cases towards the even neighbour.
        uint rounded = bits + 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)(rounded >> 16);
    }

    /// <summary>bfloat16 bits → float32 (exact).</summary>
    public static float BFloat16ToSingle(ushort bits) => BitConverter.UInt32BitsToSingle((uint)bits << 16);

    /// <summary>float32 → IEEE float16 bits, round to nearest even (overflow gives ±infinity).</summary>
    public static ushort SingleToHalf(float value) => BitConverter.HalfToUInt16Bits((Half)value);

    /// <summary>IEEE float16 bits → float32 (exact).</summary>
    public static float HalfToSingle(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);

    /// <summary>Converts a span of float32 to bfloat16 bits.</summary>
    public static void SingleToBFloat16(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = SingleToBFloat16(source[i]);
    }

    /// <summary>Converts a span of bfloat16 bits to float32.</summary>
    public static void BFloat16ToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = BFloat16ToSingle(source[i]);
    }

    /// <summary>Converts a span of float32 to float16 bits.</summary>
    public static void SingleToHalf(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = SingleToHalf(source[i]);
    }

    /// <summary>Converts a span of float16 bits to float32.</summary>
    public static void HalfToSingle(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        CheckLengths(source.Length, destination.Length);
        for (int i = 0; i < source.Length; i++) destination[i] = HalfToSingle(source[i]);
    }

    private static void CheckLengths(int source, int destination)
    {
        if (source != destination)
            throw new ArgumentException($"source has {source} elements but destination has {destination}");
    }
}

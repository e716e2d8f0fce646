namespace Ablation.Torch;

/// <summary>Maps managed element types to <see cref="ScalarType"/>.</summary>
internal static class ScalarTypes
{
    public static ScalarType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : typeof(T) == typeof(Half) ? ScalarType.Float16
        : typeof(T) == typeof(byte) ? ScalarType.UInt8
        : typeof(T) == typeof(sbyte) ? ScalarType.Int8
        : typeof(T) == typeof(short) ? ScalarType.Int16
        : throw new NotSupportedException($"no tensor dtype for {typeof(T).Name}; use float, double, long, int, bool, Half, byte, sbyte or short (bfloat16 through bytes)");
}

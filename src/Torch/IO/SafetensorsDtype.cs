namespace Ablation.Torch.IO;

/// <summary>
/// The dtype strings of the safetensors header and their <see cref="ScalarType"/> equivalents.
/// safetensors also defines U16/U32/U64 and the F8 types; libtorch 1.13 has no tensors of those types, so a
/// file holding them is rejected with a clear error instead of being misread.
/// </summary>
public static class SafetensorsDtype
{
    private static readonly (string Name, ScalarType Type)[] Table =
    [
        ("BOOL", ScalarType.Bool), ("U8", ScalarType.UInt8), ("I8", ScalarType.Int8), ("I16", ScalarType.Int16),
        ("F16", ScalarType.Float16), ("BF16", ScalarType.BFloat16), ("I32", ScalarType.Int32),
        ("F32", ScalarType.Float32), ("F64", ScalarType.Float64), ("I64", ScalarType.Int64),
    ];

    /// <summary>The dtype strings this reader accepts, for error messages.</summary>
    public static string SupportedNames => string.Join(", ", Table.Select(t => t.Name));

    /// <summary>The header string for <paramref name="type"/> (for example "BF16").</summary>
    public static string Name(ScalarType type)
    {
        foreach (var (name, t) in Table)
            if (t == type) return name;
        throw new ArgumentOutOfRangeException(nameof(type), type, "no safetensors dtype for this scalar type");
    }

    /// <summary>Maps a header dtype string to a scalar type; false for unknown or unsupported strings.</summary>
    public static bool TryParse(string name, out ScalarType type)
    {
        foreach (var (n, t) in Table)
            if (n == name) { type = t; return true; }
        type = default;
        return false;
    }

    /// <summary>
    /// Rank used to order tensors in a written file, matching the reference writer: it sorts by this rank
    /// descending (widest alignment first, so every tensor's data stays aligned to its element size) and then
    /// by name. The values follow the declaration order of the reference implementation's dtype enum.
    /// </summary>
    internal static int WriteRank(ScalarType type) => type switch
    {
        ScalarType.Bool => 0,
        ScalarType.UInt8 => 1,
        ScalarType.Int8 => 2,
        ScalarType.Int16 => 5,
        ScalarType.Float16 => 7,
        ScalarType.BFloat16 => 8,
        ScalarType.Int32 => 9,
        ScalarType.Float32 => 11,
        ScalarType.Float64 => 12,
        ScalarType.Int64 => 13,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no safetensors dtype for this scalar type"),
    };
}

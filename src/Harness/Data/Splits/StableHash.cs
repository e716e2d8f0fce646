using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ablation.Harness.Data.Splits;

/// <summary>
/// A hash that is the same on every machine and .NET version (string.GetHashCode is randomised per process):
/// the first 8 bytes of SHA-256 over "purpose:key" in UTF-8. The purpose salts independent choices
/// (split, subsampling, negatives) so that changing one never shifts another.
/// </summary>
public static class StableHash
{
    public static ulong Of(string purpose, string key)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(purpose + ":" + key), digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    /// <summary>The items ordered by their hash for <paramref name="purpose"/> (ties by key): a deterministic shuffle.</summary>
    public static List<T> Shuffle<T>(IEnumerable<T> items, Func<T, string> key, string purpose) =>
        items.Select(item => (item, k: key(item)))
             .Select(x => (x.item, x.k, h: Of(purpose, x.k)))
             .OrderBy(x => x.h).ThenBy(x => x.k, StringComparer.Ordinal)
             .Select(x => x.item)
             .ToList();
}

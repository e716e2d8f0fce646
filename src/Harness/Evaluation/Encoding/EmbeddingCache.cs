using System.Security.Cryptography;
using Ablation.Harness.IO;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// On-disk embedding cache, so re-evaluating a model (another task subset, a crashed run, a new metric) does
/// not re-encode. Entries are keyed by SHA-256 of (side, instruction, text) inside a folder per model id (the
/// model id must change whenever the weights do). Each <see cref="Flush"/> writes the new entries as one
/// immutable segment file (temporary name, then rename), so concurrent evaluations of the same model never
/// corrupt each other; at worst they encode the same text twice. Segments are read once, on first lookup.
/// Segment layout: magic, dimension (int32), then records of 32-byte key + dimension float32 values.
/// </summary>
public sealed class EmbeddingCache
{
    private static readonly byte[] Magic = "ABEC1\n"u8.ToArray();
    private Dictionary<Key, float[]>? _entries;
    private readonly Dictionary<Key, float[]> _pending = [];

    public EmbeddingCache(string modelId, int dimension, string? root = null)
    {
        Dimension = dimension;
        string safe = new(modelId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        if (safe.Length > 60) safe = safe[..60];
        string digest = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(modelId)))[..12].ToLowerInvariant();
        Folder = Path.Combine(root ?? CachePaths.Folder("embeddings"), $"{safe}-{digest}");
    }

    /// <summary>Where this model's segments live.</summary>
    public string Folder { get; }

    public int Dimension { get; }

    /// <summary>The cache key of one text on one side with one instruction.</summary>
    public static Key KeyOf(string text, EncodeKind kind, string? instruction)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"{(int)kind}\u0001{instruction ?? "\u0002none"}\u0001{text}");
        return new Key(SHA256.HashData(bytes));
    }

    public bool TryGet(Key key, out float[] vector)
    {
        _entries ??= ReadSegments();
        if (_entries.TryGetValue(key, out var found) || _pending.TryGetValue(key, out found)) { vector = found; return true; }
        vector = [];
        return false;
    }

    public void Put(Key key, float[] vector)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} values; the cache holds dimension {Dimension}");
        _pending[key] = vector;
    }

    /// <summary>Writes the entries added since the last flush as a new segment.</summary>
    public void Flush()
    {
        if (_pending.Count == 0) return;
        Directory.CreateDirectory(Folder);
        string name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.seg";
        string temporary = Path.Combine(Folder, "." + name + ".tmp");
        // No fsync: a cache segment lost in a crash only costs re-encoding; the rename keeps readers from seeing half a file.
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            stream.Write(Magic);
            stream.Write(BitConverter.GetBytes(Dimension));
            var buffer = new byte[Dimension * sizeof(float)];
            foreach (var (key, vector) in _pending)
            {
                stream.Write(key.Bytes);
                Buffer.BlockCopy(vector, 0, buffer, 0, buffer.Length);
                stream.Write(buffer);
            }
        }
        File.Move(temporary, Path.Combine(Folder, name));
        _entries ??= [];
        foreach (var (key, vector) in _pending) _entries[key] = vector;
        _pending.Clear();
    }

    private Dictionary<Key, float[]> ReadSegments()
    {
        var entries = new Dictionary<Key, float[]>();
        if (!Directory.Exists(Folder)) return entries;
        int headerLength = Magic.Length + sizeof(int);
        int recordLength = 32 + Dimension * sizeof(float);
        foreach (var path in Directory.EnumerateFiles(Folder, "*.seg").Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            // A segment of another format or dimension is skipped: it is only a cache.
            if (bytes.Length < headerLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)
                || BitConverter.ToInt32(bytes, Magic.Length) != Dimension || (bytes.Length - headerLength) % recordLength != 0)
                continue;
            for (int offset = headerLength; offset < bytes.Length; offset += recordLength)
            {
                var vector = new float[Dimension];
                Buffer.BlockCopy(bytes, offset + 32, vector, 0, Dimension * sizeof(float));
                entries[new Key(bytes.AsSpan(offset, 32).ToArray())] = vector;
            }
        }
        return entries;
    }

    /// <summary>A 32-byte SHA-256 key with value equality.</summary>
    public readonly struct Key(byte[] bytes) : IEquatable<Key>
    {
        public byte[] Bytes { get; } = bytes;
        public bool Equals(Key other) => Bytes.AsSpan().SequenceEqual(other.Bytes);
        public override bool Equals(object? obj) => obj is Key other && Equals(other);
        public override int GetHashCode() => BitConverter.ToInt32(Bytes, 1);
    }
}

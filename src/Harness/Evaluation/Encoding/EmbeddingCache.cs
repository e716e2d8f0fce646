using System.Security.Cryptography;
using System.Text;
using Ablation.Harness.IO;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// On-disk embedding cache, so re-evaluating a model (another task subset, a crashed run, a new metric) does
/// not re-encode. Entries are keyed by SHA-256 of (side, instruction, text) inside a folder per model id, and
/// stored in 256 shard files (by the first key byte) of fixed-size records: 32-byte key + Dimension floats.
/// Shards are rewritten atomically after merging with what is on disk, so concurrent evaluations of the
/// same model lose nothing worse than duplicate work.
/// </summary>
public sealed class EmbeddingCache
{
    private static readonly byte[] Magic = "ABEC1\n"u8.ToArray();
    private readonly Dictionary<int, Dictionary<Key, float[]>> _loaded = [];
    private readonly HashSet<int> _dirty = [];

    public EmbeddingCache(string modelId, int dimension, string? root = null)
    {
        Dimension = dimension;
        string safe = new(modelId.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        if (safe.Length > 60) safe = safe[..60];
        string digest = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(modelId)))[..12].ToLowerInvariant();
        Folder = Path.Combine(root ?? CachePaths.Folder("embeddings"), $"{safe}-{digest}");
    }

    /// <summary>Where this model's entries live.</summary>
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
        if (Shard(key.Bytes[0]).TryGetValue(key, out var found)) { vector = found; return true; }
        vector = [];
        return false;
    }

    public void Put(Key key, float[] vector)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} values; the cache holds dimension {Dimension}");
        Shard(key.Bytes[0])[key] = vector;
        _dirty.Add(key.Bytes[0]);
    }

    /// <summary>Writes the shards that changed.</summary>
    public void Flush()
    {
        foreach (int shard in _dirty.ToList())
        {
            var merged = ReadShard(shard);
            foreach (var (key, vector) in _loaded[shard]) merged[key] = vector;
            _loaded[shard] = merged;
            AtomicFile.Write(ShardPath(shard), stream =>
            {
                stream.Write(Magic);
                stream.Write(BitConverter.GetBytes(Dimension));
                var buffer = new byte[Dimension * sizeof(float)];
                foreach (var (key, vector) in merged)
                {
                    stream.Write(key.Bytes);
                    Buffer.BlockCopy(vector, 0, buffer, 0, buffer.Length);
                    stream.Write(buffer);
                }
            });
        }
        _dirty.Clear();
    }

    private Dictionary<Key, float[]> Shard(int shard)
    {
        if (!_loaded.TryGetValue(shard, out var entries)) _loaded[shard] = entries = ReadShard(shard);
        return entries;
    }

    private string ShardPath(int shard) => Path.Combine(Folder, $"{shard:x2}.bin");

    private Dictionary<Key, float[]> ReadShard(int shard)
    {
        var entries = new Dictionary<Key, float[]>();
        string path = ShardPath(shard);
        if (!File.Exists(path)) return entries;
        var bytes = File.ReadAllBytes(path);
        int headerLength = Magic.Length + sizeof(int);
        int recordLength = 32 + Dimension * sizeof(float);
        // A shard from another format or dimension is ignored (and replaced on the next flush): it is only a cache.
        if (bytes.Length < headerLength || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)
            || BitConverter.ToInt32(bytes, Magic.Length) != Dimension || (bytes.Length - headerLength) % recordLength != 0)
            return entries;
        for (int offset = headerLength; offset < bytes.Length; offset += recordLength)
        {
            var vector = new float[Dimension];
            Buffer.BlockCopy(bytes, offset + 32, vector, 0, Dimension * sizeof(float));
            entries[new Key(bytes.AsSpan(offset, 32).ToArray())] = vector;
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

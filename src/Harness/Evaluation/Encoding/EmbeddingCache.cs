using Ablation.Models;
using System.Security.Cryptography;
using Ablation.Harness.IO;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// On-disk embedding cache, so re-evaluating a model (another task subset, a crashed run, a new metric) does
/// not re-encode. Entries are keyed by SHA-256 of (side, instruction, text, batch) inside a folder per model id
/// (the model id must change whenever the weights do). The batch is part of the key because an LLM's output for
/// a text depends, in the last bits, on the other texts padded into its batch; keying by batch makes a cached
/// vector bitwise the one a run without the cache computes (see <see cref="EmbeddingPipeline"/>).
/// Each <see cref="Flush"/> writes the new entries as one immutable segment file (through <see cref="AtomicFile"/>),
/// so concurrent evaluations of the same model never corrupt each other; at worst they encode the same text twice.
/// Segments are read once, on first lookup. Segment layout: magic <c>ABEC2\n</c>, dimension (int32), records
/// of 32-byte key + dimension float32 values, then the SHA-256 of everything before it. A segment whose checksum,
/// magic, dimension or length is wrong is deleted and its texts are encoded again (<see cref="DiscardedSegments"/>).
/// </summary>
public sealed class EmbeddingCache
{
    private static readonly byte[] Magic = "ABEC2\n"u8.ToArray();
    private Dictionary<Key, float[]>? _entries;
    private readonly Dictionary<Key, float[]> _pending = [];
    private readonly List<string> _discarded = [];

    public EmbeddingCache(string modelId, int dimension, string? root = null)
    {
        Dimension = dimension;
        string digest = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(modelId)))[..12].ToLowerInvariant();
        Folder = Path.Combine(root ?? CachePaths.Folder("embeddings"), $"{SafeFileName.Of(modelId, 60)}-{digest}");
    }

    /// <summary>Where this model's segments live.</summary>
    public string Folder { get; }

    public int Dimension { get; }

    /// <summary>Segments found damaged (bad checksum, truncated, other format or dimension) and deleted; their texts are re-encoded.</summary>
    public IReadOnlyList<string> DiscardedSegments => _discarded;

    /// <summary>The cache key of one text on one side with one instruction, encoded in the batch identified by <paramref name="batch"/>.</summary>
    public static Key KeyOf(string text, TextKind kind, string? instruction, ReadOnlySpan<byte> batch = default)
    {
        var head = System.Text.Encoding.UTF8.GetBytes($"{(int)kind}\u0001{instruction ?? "\u0002none"}\u0001{text}\u0001");
        var bytes = new byte[head.Length + batch.Length];
        head.CopyTo(bytes, 0);
        batch.CopyTo(bytes.AsSpan(head.Length));
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
        string name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.seg";
        // No fsync: a lost segment costs re-encoding, a torn one fails its checksum.
        AtomicFile.WriteCache(Path.Combine(Folder, name), stream =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes) { stream.Write(bytes); sha.AppendData(bytes); }
            Put(Magic);
            Put(BitConverter.GetBytes(Dimension));
            var buffer = new byte[Dimension * sizeof(float)];
            foreach (var (key, vector) in _pending)
            {
                Put(key.Bytes);
                Buffer.BlockCopy(vector, 0, buffer, 0, buffer.Length);
                Put(buffer);
            }
            stream.Write(sha.GetHashAndReset());
        });
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
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (IOException) { continue; } // removed by a concurrent run's cleanup
            int body = bytes.Length - 32;
            bool valid = body >= headerLength
                         && bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic)
                         && BitConverter.ToInt32(bytes, Magic.Length) == Dimension
                         && (body - headerLength) % recordLength == 0
                         && SHA256.HashData(bytes.AsSpan(0, body)).AsSpan().SequenceEqual(bytes.AsSpan(body));
            if (!valid)
            {
                // Only a cache: a damaged or foreign segment costs re-encoding, never a wrong vector.
                _discarded.Add(path);
                try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                continue;
            }
            for (int offset = headerLength; offset < body; offset += recordLength)
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

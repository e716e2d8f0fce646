using System.Buffers.Binary;

namespace Ablation.Torch.IO;

/// <summary>
/// Writes .safetensors files byte-for-byte like the reference writer (huggingface/safetensors): tensors sorted
/// by dtype alignment (widest first) and then by name, compact JSON header padded with spaces to a multiple of
/// 8, then the data. Tensor data is streamed entry by entry, never all held at once.
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Writes a file atomically (temporary file, then rename).</summary>
    public static void Write(string path, IEnumerable<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var ordered = Order(entries);
        AtomicWrite.Write(path, stream => WriteOrdered(stream, ordered, metadata, path));
    }

    /// <summary>Writes the file's bytes to <paramref name="destination"/> (not atomic; for streams and tests).</summary>
    public static void Write(Stream destination, IEnumerable<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteOrdered(destination, Order(entries), metadata, "(stream)");

    /// <summary>The order in which tensors are stored: dtype alignment descending, then name by code point.</summary>
    public static IReadOnlyList<SafetensorsEntry> Order(IEnumerable<SafetensorsEntry> entries)
    {
        var list = entries.ToList();
        var duplicate = list.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"tensor name '{duplicate.Key}' appears {duplicate.Count()} times", nameof(entries));
        return list
            .OrderByDescending(e => SafetensorsDtype.WriteRank(e.Dtype))
            .ThenBy(e => e.Name, CodePointComparer.Instance)
            .ToList();
    }

    private static void WriteOrdered(Stream destination, IReadOnlyList<SafetensorsEntry> ordered, IReadOnlyDictionary<string, string>? metadata, string file)
    {
        var infos = new List<SafetensorsTensorInfo>(ordered.Count);
        long offset = 0;
        foreach (var e in ordered)
        {
            infos.Add(new SafetensorsTensorInfo(e.Name, e.Dtype, e.Shape, offset, offset + e.ByteLength));
            offset += e.ByteLength;
        }
        byte[] header = SafetensorsHeader.Encode(infos, metadata);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        destination.Write(prefix);
        destination.Write(header);

        var counter = new CountingStream(destination);
        foreach (var e in ordered)
        {
            counter.Count = 0;
            e.WriteData(counter);
            if (counter.Count != e.ByteLength)
                throw new InvalidDataException($"{file}: tensor '{e.Name}': the data callback wrote {counter.Count} bytes, expected {e.ByteLength} for shape [{string.Join(", ", e.Shape)}] of {SafetensorsDtype.Name(e.Dtype)}");
        }
    }

    /// <summary>Forwards writes and counts them, to catch a data callback that disagrees with its shape.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            Count += buffer.Length;
        }
    }
}

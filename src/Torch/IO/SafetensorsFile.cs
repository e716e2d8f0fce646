using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Ablation.Torch.IO;

/// <summary>
/// Reads one .safetensors file lazily: opening parses and validates only the header; each tensor's bytes are
/// read on demand with positional reads, so a multi-GB checkpoint never has to fit in memory at once.
/// Positional reads do not share a file position, so several threads may read different tensors at once.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, SafetensorsTensorInfo> _byName;

    private SafetensorsFile(string path, SafeFileHandle handle, SafetensorsHeader header, long dataStart)
    {
        Path = path;
        _handle = handle;
        Header = header;
        DataStart = dataStart;
        _byName = header.Tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The file's path as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>The validated header.</summary>
    public SafetensorsHeader Header { get; }

    /// <summary>The tensors in data order.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors => Header.Tensors;

    /// <summary>The <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata => Header.Metadata;

    /// <summary>File offset of the data section (8 + header length).</summary>
    public long DataStart { get; }

    /// <summary>Opens <paramref name="path"/> and validates its header against the file's length.</summary>
    /// <exception cref="SafetensorsFormatException">The file is truncated, corrupt or uses an unsupported dtype.</exception>
    public static SafetensorsFile Open(string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; big-endian hosts are not supported");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long length = RandomAccess.GetLength(handle);
            if (length < 8)
                throw new SafetensorsFormatException(path, null,
                    $"the file has {length} bytes, fewer than the 8-byte header length; it is truncated or not safetensors");
            Span<byte> prefix = stackalloc byte[8];
            ReadAt(handle, prefix, 0, path, null);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > SafetensorsHeader.MaxHeaderBytes)
                throw new SafetensorsFormatException(path, null,
                    $"the header length field says {headerLength} bytes (limit {SafetensorsHeader.MaxHeaderBytes}); the file is corrupt or not safetensors");
            if (8 + (long)headerLength > length)
                throw new SafetensorsFormatException(path, null,
                    $"the header length field says {headerLength} bytes but only {length - 8} follow; the file is truncated");
            var json = new byte[headerLength];
            ReadAt(handle, json, 8, path, null);
            long dataStart = 8 + (long)headerLength;
            var header = SafetensorsHeader.Parse(json, length - dataStart, path);
            return new SafetensorsFile(path, handle, header, dataStart);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>The header entry of <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor; the message names the file.</exception>
    public SafetensorsTensorInfo Info(string name) =>
        _byName.TryGetValue(name, out var info) ? info
            : throw new KeyNotFoundException($"{Path}: no tensor named '{name}' (the file holds {_byName.Count} tensors{Sample()})");

    /// <summary>Reads the raw little-endian bytes of <paramref name="name"/> into <paramref name="destination"/>,
    /// whose length must equal the tensor's byte length.</summary>
    public void ReadBytes(string name, Span<byte> destination)
    {
        var info = Info(name);
        if (destination.Length != info.ByteLength)
            throw new ArgumentException($"tensor '{name}' has {info.ByteLength} bytes but the destination holds {destination.Length}", nameof(destination));
        ReadAt(_handle, destination, DataStart + info.Begin, Path, name);
    }

    /// <summary>Reads the raw bytes of <paramref name="name"/> into a new array (tensors below 2 GB).</summary>
    public byte[] ReadBytes(string name)
    {
        var info = Info(name);
        if (info.ByteLength > Array.MaxLength)
            throw new InvalidOperationException($"{Path}: tensor '{name}' has {info.ByteLength} bytes, too many for one array; use {nameof(OpenTensorStream)}");
        var bytes = new byte[info.ByteLength];
        ReadBytes(name, bytes);
        return bytes;
    }

    /// <summary>
    /// Reads <paramref name="name"/> as elements of <typeparamref name="T"/>, which must have the dtype's element
    /// size (for example <c>float</c> for F32, <c>ushort</c> for BF16/F16 bits, <c>bool</c> or <c>byte</c> for BOOL).
    /// </summary>
    public T[] Read<T>(string name) where T : unmanaged
    {
        var info = Info(name);
        int size = Unsafe.SizeOf<T>();
        if (size != info.Dtype.ElementSize())
            throw new ArgumentException($"{Path}: tensor '{name}' is {SafetensorsDtype.Name(info.Dtype)} ({info.Dtype.ElementSize()} bytes per element); {typeof(T).Name} has {size}");
        var values = new T[info.ElementCount];
        ReadBytes(name, MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>Reads a floating-point tensor (F32, F16, BF16 or F64) converted to float32.</summary>
    public float[] ReadAsSingle(string name)
    {
        var info = Info(name);
        switch (info.Dtype)
        {
            case ScalarType.Float32:
                return Read<float>(name);
            case ScalarType.BFloat16:
            {
                var bits = Read<ushort>(name);
                var values = new float[bits.Length];
                ReducedPrecision.BFloat16ToSingle(bits, values);
                return values;
            }
            case ScalarType.Float16:
            {
                var bits = Read<ushort>(name);
                var values = new float[bits.Length];
                ReducedPrecision.HalfToSingle(bits, values);
                return values;
            }
            case ScalarType.Float64:
                return Array.ConvertAll(Read<double>(name), d => (float)d);
            default:
                throw new InvalidOperationException($"{Path}: tensor '{name}' is {SafetensorsDtype.Name(info.Dtype)}, not a floating-point type");
        }
    }

    /// <summary>A read-only stream over one tensor's bytes, for tensors too large to read at once.</summary>
    public Stream OpenTensorStream(string name)
    {
        var info = Info(name);
        return new TensorByteStream(this, info);
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private string Sample()
    {
        var names = _byName.Keys.Order(StringComparer.Ordinal).Take(5).ToList();
        return names.Count == 0 ? "" : $", for example {string.Join(", ", names.Select(n => $"'{n}'"))}";
    }

    private static void ReadAt(SafeFileHandle handle, Span<byte> destination, long offset, string path, string? key)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
                throw new SafetensorsFormatException(path, key, $"unexpected end of file at byte {offset}; the file is truncated (or changed while being read)");
            destination = destination[read..];
            offset += read;
        }
    }

    private sealed class TensorByteStream(SafetensorsFile file, SafetensorsTensorInfo info) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => info.ByteLength;

        public override long Position
        {
            get => _position;
            set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            long remaining = info.ByteLength - _position;
            if (remaining <= 0 || buffer.IsEmpty) return 0;
            var target = buffer[..(int)Math.Min(buffer.Length, remaining)];
            ReadAt(file._handle, target, file.DataStart + info.Begin + _position, file.Path, info.Name);
            _position += target.Length;
            return target.Length;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => info.ByteLength + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

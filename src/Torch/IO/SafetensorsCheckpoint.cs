using System.Buffers;

namespace Ablation.Torch.IO;

/// <summary>
/// Saves and loads <see cref="Tensor"/>s as safetensors checkpoints (one file, or a sharded folder with
/// <c>model.safetensors.index.json</c>), one tensor at a time: peak extra memory is about one tensor (at most
/// <see cref="ChunkBytes"/> of managed memory), whatever the checkpoint's size.
/// </summary>
public static class SafetensorsCheckpoint
{
    /// <summary>Default copy chunk: tensors larger than this pass through a buffer of this size, piece by piece.</summary>
    public const int ChunkBytes = 64 << 20;

    /// <summary>
    /// Saves <paramref name="tensors"/> to <paramref name="path"/>: a file when the path ends in
    /// <c>.safetensors</c>, otherwise a checkpoint folder sharded at <paramref name="maxShardBytes"/>.
    /// Tensors on other devices are copied to the CPU as they are written. Each file is written atomically.
    /// <c>format: pt</c> is added to the metadata unless it names a format, as transformers requires it.
    /// </summary>
    public static void Save(string path, IEnumerable<(string name, Tensor tensor)> tensors,
        IReadOnlyDictionary<string, string>? metadata = null, long maxShardBytes = ShardedSafetensorsWriter.DefaultMaxShardBytes)
    {
        var entries = tensors.Select(p => ToEntry(p.name, p.tensor)).ToList();
        metadata = WithFormat(metadata);
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            SafetensorsWriter.Write(path, entries, metadata);
        else
            ShardedSafetensorsWriter.Write(path, entries, maxShardBytes, metadata);
    }

    // transformers refuses safetensors files whose metadata lacks "format" (save_pretrained writes "pt").
    private static IReadOnlyDictionary<string, string> WithFormat(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is not null && metadata.ContainsKey("format")) return metadata;
        var result = metadata is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        result["format"] = "pt";
        return result;
    }

    /// <summary>
    /// Loads every tensor of a checkpoint (a .safetensors file, an index .json, or a checkpoint folder) onto
    /// <paramref name="device"/> (CPU by default). With <paramref name="dtype"/>, floating-point tensors are
    /// converted to it; integer and bool tensors keep their type.
    /// </summary>
    public static Dictionary<string, Tensor> Load(string path, Device? device = null, ScalarType? dtype = null)
    {
        using var reader = ShardedSafetensorsReader.Open(path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var info in reader.Tensors)
                result[info.Name] = ReadTensor(reader, info.Name, device, dtype);
        }
        catch
        {
            foreach (var t in result.Values) t.Dispose();
            throw;
        }
        return result;
    }

    /// <summary>Reads one tensor of an open checkpoint (see <see cref="Load"/> for the conversions).</summary>
    public static Tensor ReadTensor(ShardedSafetensorsReader reader, string name, Device? device = null, ScalarType? dtype = null,
        int chunkBytes = ChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 8);
        var info = reader.Info(name);
        Tensor cpu;
        if (info.ByteLength <= chunkBytes)
        {
            // A pooled buffer: loading a checkpoint allocates no managed array per tensor.
            var buffer = ArrayPool<byte>.Shared.Rent((int)info.ByteLength);
            try
            {
                var bytes = buffer.AsSpan(0, (int)info.ByteLength);
                reader.ReadBytes(name, bytes);
                cpu = torch.frombuffer(bytes, info.Dtype, info.ShapeArray());
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        else
        {
            cpu = torch.empty(info.ShapeArray(), info.Dtype);
            using var flat = cpu.view(-1);
            using var stream = reader.OpenTensorStream(name);
            int elementSize = info.Dtype.ElementSize();
            var buffer = new byte[chunkBytes / elementSize * elementSize];
            long element = 0;
            while (element < info.ElementCount)
            {
                int count = (int)Math.Min(buffer.Length / elementSize, info.ElementCount - element);
                stream.ReadExactly(buffer, 0, count * elementSize);
                using var piece = torch.frombuffer(buffer.AsSpan(0, count * elementSize), info.Dtype, [count]);
                using var target = flat.narrow(0, element, count);
                target.copy_(piece);
                element += count;
            }
        }

        var targetType = dtype is { } d && info.Dtype.IsFloatingPoint() ? d : info.Dtype;
        var targetDevice = device ?? Device.CPU;
        if (targetType == info.Dtype && targetDevice == Device.CPU)
            return cpu;
        using (cpu)
            return cpu.to(targetType, targetDevice);
    }

    /// <summary>A writer entry that streams a tensor's bytes when the writer reaches it.</summary>
    public static SafetensorsEntry ToEntry(string name, Tensor tensor, int chunkBytes = ChunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 8);
        var type = tensor.dtype;
        if (!SafetensorsDtype.TryParse(SafeName(type), out _))
            throw new ArgumentException($"tensor '{name}' has dtype {type}, which safetensors cannot store", nameof(tensor));
        return new SafetensorsEntry(name, type, tensor.shape, stream => WriteTensor(tensor, stream, chunkBytes));
    }

    private static string SafeName(ScalarType type)
    {
        try { return SafetensorsDtype.Name(type); }
        catch (ArgumentOutOfRangeException) { return ""; }
    }

    private static void WriteTensor(Tensor tensor, Stream stream, int chunkBytes)
    {
        long bytes = tensor.numel() * tensor.dtype.ElementSize();
        bool onCpu = tensor.device == Device.CPU;
        if (bytes <= chunkBytes)
        {
            var rented = ArrayPool<byte>.Shared.Rent((int)bytes);
            try
            {
                var buffer = rented.AsSpan(0, (int)bytes);
                if (onCpu) tensor.CopyTo(buffer);
                else using (var cpu = tensor.cpu()) cpu.CopyTo(buffer);
                stream.Write(buffer);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
            return;
        }
        int elementSize = tensor.dtype.ElementSize();
        var chunk = new byte[chunkBytes / elementSize * elementSize];
        using var flat = tensor.reshape(-1);
        long total = tensor.numel();
        for (long element = 0; element < total;)
        {
            int count = (int)Math.Min(chunk.Length / elementSize, total - element);
            using var piece = flat.narrow(0, element, count);
            using var host = onCpu ? piece.contiguous() : piece.cpu();
            host.CopyTo(chunk.AsSpan(0, count * elementSize));
            stream.Write(chunk, 0, count * elementSize);
            element += count;
        }
    }
}

using System.Text;
using System.Text.Json;

namespace Ablation.Torch.IO;

/// <summary>
/// The parsed JSON header of a safetensors file: the tensors in data order and the optional string-to-string
/// <c>__metadata__</c>. Parsing validates everything the data section depends on, so a reader never seeks
/// outside the file or reinterprets bytes of the wrong size.
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>The reference implementation refuses headers above 100 MB; so do we (a corrupt length field
    /// would otherwise make us allocate gigabytes).</summary>
    public const long MaxHeaderBytes = 100_000_000;

    internal SafetensorsHeader(IReadOnlyList<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors ordered by their position in the data section.</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> map (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Total bytes of the data section the header describes.</summary>
    public long DataLength => Tensors.Count == 0 ? 0 : Tensors[^1].End;

    /// <summary>
    /// Parses and validates <paramref name="json"/>. <paramref name="availableDataBytes"/> is the number of bytes
    /// after the header in the file; the tensors must cover them exactly, without gaps or overlaps.
    /// <paramref name="file"/> only labels error messages.
    /// </summary>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> json, long availableDataBytes, string file)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(json);
        }
        catch (DecoderFallbackException e)
        {
            throw new SafetensorsFormatException(file, null, "the header is not valid UTF-8; the file is corrupt or not safetensors", e);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(file, null,
                $"the header is not valid JSON ({e.Message}); the file is corrupt or not safetensors", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new SafetensorsFormatException(file, null, $"the header must be a JSON object, found {root.ValueKind}");

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var tensors = new List<SafetensorsTensorInfo>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                    throw new SafetensorsFormatException(file, property.Name, "the key appears twice in the header");
                if (property.Name == "__metadata__")
                    ReadMetadata(property.Value, metadata, file);
                else
                    tensors.Add(ReadTensor(property.Name, property.Value, file));
            }

            tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckLayout(tensors, availableDataBytes, file);
            return new SafetensorsHeader(tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException(file, null, $"__metadata__ must be an object of strings, found {value.ValueKind}");
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
                throw new SafetensorsFormatException(file, null,
                    $"__metadata__ entry '{entry.Name}' must be a string, found {entry.Value.ValueKind}");
            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
                throw new SafetensorsFormatException(file, null, $"__metadata__ entry '{entry.Name}' appears twice");
        }
    }

    private static SafetensorsTensorInfo ReadTensor(string name, JsonElement value, string file)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new SafetensorsFormatException(file, name, $"the entry must be an object with dtype, shape and data_offsets, found {value.ValueKind}");

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw new SafetensorsFormatException(file, name, "missing or non-string \"dtype\"");
        string dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDtype.TryParse(dtypeName, out var dtype))
            throw new SafetensorsFormatException(file, name,
                $"unknown or unsupported dtype \"{dtypeName}\" (supported: {SafetensorsDtype.SupportedNames})");

        long[] shape = ReadIntegers(value, "shape", name, file);
        long[] offsets = ReadIntegers(value, "data_offsets", name, file);
        if (offsets.Length != 2)
            throw new SafetensorsFormatException(file, name, $"\"data_offsets\" must hold exactly [begin, end], found {offsets.Length} numbers");
        if (offsets[1] < offsets[0])
            throw new SafetensorsFormatException(file, name, $"data_offsets [{offsets[0]}, {offsets[1]}] end before they begin");

        long bytes;
        try
        {
            bytes = checked(shape.Aggregate(1L, (a, b) => checked(a * b)) * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw new SafetensorsFormatException(file, name, $"shape [{string.Join(", ", shape)}] is too large (byte count overflows)");
        }
        if (bytes != offsets[1] - offsets[0])
            throw new SafetensorsFormatException(file, name,
                $"shape [{string.Join(", ", shape)}] of {dtypeName} needs {bytes} bytes but data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}");
        return new SafetensorsTensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(JsonElement entry, string field, string name, string file)
    {
        if (!entry.TryGetProperty(field, out var array) || array.ValueKind != JsonValueKind.Array)
            throw new SafetensorsFormatException(file, name, $"missing or non-array \"{field}\"");
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v) || v < 0)
                throw new SafetensorsFormatException(file, name, $"\"{field}\" must hold non-negative integers, found {item.GetRawText()}");
            values[i++] = v;
        }
        return values;
    }

    // The reference reader accepts only a data section that the tensors tile exactly: consecutive, starting at
    // 0, ending at the end of the file. Anything else is a corrupt or truncated file.
    private static void CheckLayout(List<SafetensorsTensorInfo> tensors, long availableDataBytes, string file)
    {
        long expectedBegin = 0;
        SafetensorsTensorInfo? previous = null;
        foreach (var t in tensors)
        {
            if (t.Begin < expectedBegin)
                throw new SafetensorsFormatException(file, t.Name,
                    $"data_offsets [{t.Begin}, {t.End}] overlap tensor '{previous!.Name}' at [{previous.Begin}, {previous.End}]");
            if (t.Begin > expectedBegin)
                throw new SafetensorsFormatException(file, t.Name,
                    $"data_offsets [{t.Begin}, {t.End}] leave a gap of {t.Begin - expectedBegin} bytes after byte {expectedBegin} of the data section");
            if (t.End > availableDataBytes)
                throw new SafetensorsFormatException(file, t.Name,
                    $"data_offsets [{t.Begin}, {t.End}] reach past the end of the data section ({availableDataBytes} bytes); the file is truncated");
            expectedBegin = t.End;
            previous = t;
        }
        if (expectedBegin != availableDataBytes)
            throw new SafetensorsFormatException(file, null,
                $"the file has {availableDataBytes - expectedBegin} bytes after the last tensor's data that the header does not describe");
    }

    /// <summary>
    /// Encodes a header the way the reference writer does: compact JSON, <c>__metadata__</c> first (keys in
    /// ordinal order, omitted when empty), the tensors in the given order, padded with spaces to a multiple of 8
    /// bytes so the data section starts aligned.
    /// </summary>
    internal static byte[] Encode(IEnumerable<SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new StringBuilder("{");
        bool first = true;
        if (metadata is { Count: > 0 })
        {
            json.Append("\"__metadata__\":{");
            bool firstEntry = true;
            foreach (var key in metadata.Keys.Order(CodePointComparer.Instance))
            {
                if (!firstEntry) json.Append(',');
                JsonText.AppendString(json, key, asciiOnly: false);
                json.Append(':');
                JsonText.AppendString(json, metadata[key], asciiOnly: false);
                firstEntry = false;
            }
            json.Append('}');
            first = false;
        }
        foreach (var t in tensors)
        {
            if (!first) json.Append(',');
            JsonText.AppendString(json, t.Name, asciiOnly: false);
            json.Append(":{\"dtype\":\"").Append(SafetensorsDtype.Name(t.Dtype)).Append("\",\"shape\":[");
            json.AppendJoin(',', t.Shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            json.Append("],\"data_offsets\":[").Append(t.Begin.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Append(',').Append(t.End.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("]}");
            first = false;
        }
        json.Append('}');
        var bytes = Encoding.UTF8.GetBytes(json.ToString());
        int padded = (bytes.Length + 7) / 8 * 8;
        var result = new byte[padded];
        bytes.CopyTo(result, 0);
        result.AsSpan(bytes.Length).Fill((byte)' ');
        return result;
    }
}

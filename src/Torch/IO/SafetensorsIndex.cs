using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ablation.Torch.IO;

/// <summary>
/// The <c>model.safetensors.index.json</c> of a sharded checkpoint: which shard file holds each tensor
/// (<c>weight_map</c>) and the total data size (<c>metadata.total_size</c>). Written exactly like
/// transformers' <c>save_pretrained</c> does (<c>json.dumps(index, indent=2, sort_keys=True) + "\n"</c>).
/// </summary>
public sealed record SafetensorsIndex(long TotalSize, IReadOnlyDictionary<string, string> WeightMap)
{
    /// <summary>The conventional index file name.</summary>
    public const string FileName = "model.safetensors.index.json";

    /// <summary>Reads and validates an index file: every shard name must be a plain file name.</summary>
    public static SafetensorsIndex Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new SafetensorsFormatException(path, null, $"not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new SafetensorsFormatException(path, null, "expected a JSON object with a \"weight_map\" object (tensor name → shard file)");
            long totalSize = 0;
            if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
                metadata.TryGetProperty("total_size", out var total) && total.ValueKind == JsonValueKind.Number)
                totalSize = total.TryGetInt64(out long t) ? t : (long)total.GetDouble();

            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                    throw new SafetensorsFormatException(path, entry.Name, $"weight_map value must be a shard file name, found {entry.Value.ValueKind}");
                string shard = entry.Value.GetString()!;
                // Shards live next to the index; a path would let an index point anywhere on disk.
                if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                    throw new SafetensorsFormatException(path, entry.Name, $"weight_map names shard \"{shard}\", which is not a plain file name in the index's folder");
                if (!weightMap.TryAdd(entry.Name, shard))
                    throw new SafetensorsFormatException(path, entry.Name, "appears twice in weight_map");
            }
            return new SafetensorsIndex(totalSize, weightMap);
        }
    }

    /// <summary>The index as transformers writes it (sorted keys, two-space indent, ASCII-escaped, final newline).</summary>
    public string ToJson()
    {
        var json = new StringBuilder();
        json.Append("{\n  \"metadata\": {\n    \"total_size\": ")
            .Append(TotalSize.ToString(CultureInfo.InvariantCulture))
            .Append("\n  },\n  \"weight_map\": {");
        bool first = true;
        foreach (var key in WeightMap.Keys.Order(CodePointComparer.Instance))
        {
            json.Append(first ? "\n    " : ",\n    ");
            JsonText.AppendString(json, key, asciiOnly: true);
            json.Append(": ");
            JsonText.AppendString(json, WeightMap[key], asciiOnly: true);
            first = false;
        }
        json.Append(first ? "}\n}\n" : "\n  }\n}\n");
        return json.ToString();
    }

    /// <summary>Writes the index atomically.</summary>
    public void Write(string path) =>
        AtomicWrite.Write(path, stream => stream.Write(new UTF8Encoding(false).GetBytes(ToJson())));
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Ablation.Torch.IO;

/// <summary>
/// Writes a checkpoint folder the way Hugging Face does: one <c>model.safetensors</c> when everything fits in
/// <c>maxShardBytes</c>, otherwise <c>model-00001-of-0000N.safetensors</c> shards plus
/// <c>model.safetensors.index.json</c>. Tensors fill shards in the given order (so a layer's weights stay
/// together); a tensor larger than the limit gets a shard of its own. Every file is written atomically, the
/// index last, and shard files of an earlier save with the same prefix are removed afterwards, so the folder
/// never mixes two checkpoints.
/// </summary>
public static partial class ShardedSafetensorsWriter
{
    /// <summary>transformers' default <c>max_shard_size</c> ("5GB").</summary>
    public const long DefaultMaxShardBytes = 5_000_000_000;

    /// <summary>Writes the checkpoint and returns the files written (shards, then the index if any).</summary>
    public static IReadOnlyList<string> Write(string folder, IEnumerable<SafetensorsEntry> entries, long maxShardBytes = DefaultMaxShardBytes,
        IReadOnlyDictionary<string, string>? metadata = null, string prefix = "model")
    {
        if (maxShardBytes <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxShardBytes), maxShardBytes, "the shard size limit must be positive");
        var list = entries.ToList();
        _ = SafetensorsWriter.Order(list); // fails early on duplicate names, before anything is written
        var shards = Plan(list, maxShardBytes);
        Directory.CreateDirectory(folder);

        var written = new List<string>();
        if (shards.Count <= 1)
        {
            string path = Path.Combine(folder, $"{prefix}.safetensors");
            SafetensorsWriter.Write(path, shards.Count == 0 ? [] : shards[0], metadata);
            written.Add(path);
        }
        else
        {
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < shards.Count; i++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i + 1:00000}-of-{shards.Count:00000}.safetensors");
                string path = Path.Combine(folder, name);
                SafetensorsWriter.Write(path, shards[i], metadata);
                written.Add(path);
                foreach (var e in shards[i]) weightMap[e.Name] = name;
            }
            string indexPath = Path.Combine(folder, $"{prefix}.safetensors.index.json");
            new SafetensorsIndex(list.Sum(e => e.ByteLength), weightMap).Write(indexPath);
            written.Add(indexPath);
        }
        RemoveStale(folder, prefix, written);
        return written;
    }

    /// <summary>Splits entries into shards of at most <paramref name="maxShardBytes"/> data bytes each (an
    /// oversized tensor alone excepted), keeping their order.</summary>
    public static IReadOnlyList<IReadOnlyList<SafetensorsEntry>> Plan(IReadOnlyList<SafetensorsEntry> entries, long maxShardBytes)
    {
        var shards = new List<IReadOnlyList<SafetensorsEntry>>();
        var current = new List<SafetensorsEntry>();
        long size = 0;
        foreach (var e in entries)
        {
            if (current.Count > 0 && size + e.ByteLength > maxShardBytes)
            {
                shards.Add(current);
                current = [];
                size = 0;
            }
            current.Add(e);
            size += e.ByteLength;
        }
        if (current.Count > 0) shards.Add(current);
        return shards;
    }

    private static void RemoveStale(string folder, string prefix, List<string> written)
    {
        var keep = new HashSet<string>(written.Select(Path.GetFileName)!, StringComparer.Ordinal);
        var pattern = new Regex($"^{Regex.Escape(prefix)}(-\\d{{5}}-of-\\d{{5}})?\\.safetensors(\\.index\\.json)?$");
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(path);
            if (!keep.Contains(name) && pattern.IsMatch(name))
                File.Delete(path);
        }
    }
}

namespace Ablation.Torch.IO;

/// <summary>
/// Reads a checkpoint that is either one .safetensors file or a folder of shards with a
/// <c>model.safetensors.index.json</c>, through one tensor-by-tensor interface. Opening reads only the
/// headers (and checks that every tensor the index names is in its shard); data is read on demand.
/// </summary>
public sealed class ShardedSafetensorsReader : IDisposable
{
    private readonly List<SafetensorsFile> _files;
    private readonly Dictionary<string, SafetensorsFile> _fileOf;

    private ShardedSafetensorsReader(string source, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> fileOf, List<SafetensorsTensorInfo> tensors)
    {
        Source = source;
        _files = files;
        _fileOf = fileOf;
        Tensors = tensors;
    }

    /// <summary>The file, index or folder that was opened.</summary>
    public string Source { get; }

    /// <summary>The shard files (one for an unsharded checkpoint).</summary>
    public IReadOnlyList<SafetensorsFile> Files => _files;

    /// <summary>All tensors, shard by shard in file order, each shard in data order (the cheapest read order).</summary>
    public IReadOnlyList<SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The first shard's <c>__metadata__</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _files.Count == 0 ? new Dictionary<string, string>() : _files[0].Metadata;

    /// <summary>
    /// Opens <paramref name="path"/>: a .safetensors file, an index .json, or a folder holding
    /// <c>model.safetensors.index.json</c> or <c>model.safetensors</c> (or exactly one of either kind).
    /// </summary>
    public static ShardedSafetensorsReader Open(string path)
    {
        if (Directory.Exists(path))
            path = FindInFolder(path);
        else if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: no such safetensors file or checkpoint folder", path);

        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            return OpenIndex(path);
        var file = SafetensorsFile.Open(path);
        return new ShardedSafetensorsReader(path, [file], file.Tensors.ToDictionary(t => t.Name, _ => file, StringComparer.Ordinal), [.. file.Tensors]);
    }

    private static string FindInFolder(string folder)
    {
        string index = Path.Combine(folder, SafetensorsIndex.FileName);
        if (File.Exists(index)) return index;
        string single = Path.Combine(folder, "model.safetensors");
        if (File.Exists(single)) return single;
        var indexes = Directory.GetFiles(folder, "*.safetensors.index.json");
        if (indexes.Length == 1) return indexes[0];
        var files = Directory.GetFiles(folder, "*.safetensors");
        if (indexes.Length == 0 && files.Length == 1) return files[0];
        throw new FileNotFoundException(
            $"{folder}: cannot tell which checkpoint to load: expected {SafetensorsIndex.FileName} or model.safetensors, " +
            $"found {indexes.Length} index files and {files.Length} .safetensors files; pass the file path instead");
    }

    private static ShardedSafetensorsReader OpenIndex(string indexPath)
    {
        var index = SafetensorsIndex.Read(indexPath);
        string folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var files = new List<SafetensorsFile>();
        try
        {
            var byShard = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var shard in index.WeightMap.Values.Distinct().Order(StringComparer.Ordinal))
            {
                string shardPath = Path.Combine(folder, shard);
                if (!File.Exists(shardPath))
                {
                    string key = index.WeightMap.First(kv => kv.Value == shard).Key;
                    throw new SafetensorsFormatException(indexPath, key, $"its shard \"{shard}\" does not exist in {folder}");
                }
                var file = SafetensorsFile.Open(shardPath);
                files.Add(file);
                byShard[shard] = file;
            }

            var fileOf = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
            foreach (var (name, shard) in index.WeightMap)
            {
                var file = byShard[shard];
                if (!file.Contains(name))
                    throw new SafetensorsFormatException(indexPath, name, $"the index places it in \"{shard}\", which has no such tensor");
                fileOf[name] = file;
            }
            // Tensors a shard holds but the index does not list are ignored: the index is authoritative.
            var tensors = files.SelectMany(f => f.Tensors.Where(t => fileOf.TryGetValue(t.Name, out var owner) && owner == f)).ToList();
            return new ShardedSafetensorsReader(indexPath, files, fileOf, tensors);
        }
        catch
        {
            foreach (var f in files) f.Dispose();
            throw;
        }
    }

    /// <summary>True when the checkpoint holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _fileOf.ContainsKey(name);

    /// <summary>The shard that holds <paramref name="name"/>.</summary>
    public SafetensorsFile FileOf(string name) =>
        _fileOf.TryGetValue(name, out var file) ? file
            : throw new KeyNotFoundException($"{Source}: no tensor named '{name}' in the checkpoint ({_fileOf.Count} tensors)");

    /// <summary>The header entry of <paramref name="name"/>.</summary>
    public SafetensorsTensorInfo Info(string name) => FileOf(name).Info(name);

    /// <summary>Reads raw bytes into <paramref name="destination"/> (length must match).</summary>
    public void ReadBytes(string name, Span<byte> destination) => FileOf(name).ReadBytes(name, destination);

    /// <summary>Reads raw bytes into a new array.</summary>
    public byte[] ReadBytes(string name) => FileOf(name).ReadBytes(name);

    /// <summary>Reads elements whose size matches the dtype's.</summary>
    public T[] Read<T>(string name) where T : unmanaged => FileOf(name).Read<T>(name);

    /// <summary>Reads a floating-point tensor converted to float32.</summary>
    public float[] ReadAsSingle(string name) => FileOf(name).ReadAsSingle(name);

    /// <summary>A stream over one tensor's bytes.</summary>
    public Stream OpenTensorStream(string name) => FileOf(name).OpenTensorStream(name);

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}

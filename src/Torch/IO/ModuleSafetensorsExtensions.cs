using Ablation.Torch.Nn;

namespace Ablation.Torch.IO;

/// <summary>
/// <c>module.save_safetensors(path)</c> / <c>module.load_safetensors(path)</c>: a module's state dict (HF-style
/// dotted names) as a safetensors file or sharded folder. Loading copies one tensor at a time into the
/// module's own tensors (converting dtype and device), so parameters keep their identity (optimizers that hold
/// them stay valid) and peak memory stays near one tensor.
/// </summary>
public static class ModuleSafetensorsExtensions
{
    /// <summary>Saves the state dict to a .safetensors file, or to a sharded folder when
    /// <paramref name="path"/> does not end in .safetensors.</summary>
    public static void save_safetensors(this Module module, string path, IReadOnlyDictionary<string, string>? metadata = null,
        long maxShardBytes = ShardedSafetensorsWriter.DefaultMaxShardBytes) =>
        SafetensorsCheckpoint.Save(path, module.state_dict().Select(kv => (kv.Key, kv.Value)), metadata, maxShardBytes);

    /// <summary>
    /// Loads a checkpoint (file, index .json or folder) into the module. With <paramref name="strict"/>, any
    /// state-dict key missing from the checkpoint, or checkpoint tensor the module lacks, is an error naming
    /// the keys and the file; otherwise the matching keys are loaded and the others returned.
    /// </summary>
    /// <exception cref="SafetensorsFormatException">Keys do not match (strict) or a shape differs.</exception>
    public static (IReadOnlyList<string> missing, IReadOnlyList<string> unexpected) load_safetensors(this Module module, string path, bool strict = true)
    {
        using var reader = ShardedSafetensorsReader.Open(path);
        var own = module.state_dict();
        var missing = own.Keys.Where(k => !reader.Contains(k)).ToList();
        var unexpected = reader.Tensors.Select(t => t.Name).Where(k => !own.ContainsKey(k)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
            throw new SafetensorsFormatException(reader.Source, missing.Concat(unexpected).First(),
                $"does not match {module.GetType().Name}: " +
                (missing.Count > 0 ? $"missing keys: {List(missing)}; " : "") +
                (unexpected.Count > 0 ? $"unexpected keys: {List(unexpected)}; " : "") +
                "check that the checkpoint belongs to this model, or pass strict: false to load the matching keys only");

        foreach (var info in reader.Tensors)
        {
            if (!own.TryGetValue(info.Name, out var target)) continue;
            var want = target.shape;
            if (!want.SequenceEqual(info.Shape))
                throw new SafetensorsFormatException(reader.Source, info.Name,
                    $"has shape [{string.Join(", ", info.Shape)}] but {module.GetType().Name} expects [{string.Join(", ", want)}]");
            using var value = SafetensorsCheckpoint.ReadTensor(reader, info.Name);
            using var _ = torch.no_grad();
            target.copy_(value);
        }
        return (missing, unexpected);
    }

    private static string List(List<string> keys) =>
        string.Join(", ", keys.Take(10).Select(k => $"'{k}'")) + (keys.Count > 10 ? $" (+{keys.Count - 10} more)" : "");
}

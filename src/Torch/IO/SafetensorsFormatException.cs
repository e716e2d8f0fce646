namespace Ablation.Torch.IO;

/// <summary>
/// A safetensors file (or sharded checkpoint index) is malformed or does not match what the caller asked for.
/// The message names the file and, where one is involved, the tensor key, so a user can find the culprit.
/// </summary>
public sealed class SafetensorsFormatException : IOException
{
    public SafetensorsFormatException(string file, string? key, string problem, Exception? inner = null)
        : base(Compose(file, key, problem), inner)
    {
        File = file;
        Key = key;
    }

    /// <summary>The file that was being read or written.</summary>
    public string File { get; }

    /// <summary>The tensor name (or JSON key) at fault, when there is one.</summary>
    public string? Key { get; }

    private static string Compose(string file, string? key, string problem) =>
        key is null ? $"{file}: {problem}" : $"{file}: tensor '{key}': {problem}";
}

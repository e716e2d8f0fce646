namespace Ablation.Torch.IO;

/// <summary>
/// Temp-file-and-rename writes, so a reader (or a resumed run) never sees half a checkpoint. It lives in the lowest
/// project so that checkpoints here and every result file of the Harness (<c>AtomicFile</c>) share one mechanism.
/// </summary>
public static class AtomicWrite
{
    /// <summary>Streams content into a temporary file beside <paramref name="path"/>, flushes it to disk, then renames it
    /// over the target; on failure the temporary file is removed and the target is left as it was.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { /* the original error matters more */ }
            throw;
        }
    }
}

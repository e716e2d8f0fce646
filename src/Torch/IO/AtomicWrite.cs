namespace Ablation.Torch.IO;

/// <summary>
/// Temp-file-and-rename writes, so a reader (or a resumed run) never sees half a checkpoint. Torch cannot use
/// the Harness's AtomicFile (dependencies point the other way), hence this small internal twin.
/// </summary>
internal static class AtomicWrite
{
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

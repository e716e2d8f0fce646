using System.Text;

namespace Ablation.Torch.IO;

/// <summary>
/// Temp-file-and-rename writes, so a reader (or a resumed run) never sees half a checkpoint. It lives in the lowest
/// project so that checkpoints here and every result file of the Harness (<c>AtomicFile</c>) share one mechanism.
/// The temporary file is <c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.tmp</c> beside the target; temporaries left by a
/// process that no longer runs (killed with SIGKILL, power loss) are removed by the next write of the same target.
/// A failure names the target (never the hidden temporary) and, when a parent is a file, says so.
/// </summary>
public static class AtomicWrite
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Streams content into a temporary file beside <paramref name="path"/>, flushes it to disk, then renames it
    /// over the target; on failure the temporary file is removed and the target is left as it was.
    /// <paramref name="durable"/> false skips the flush to disk, for files whose loss in a power cut costs only
    /// recomputation and that are verified when read (cache segments): an fsync can keep a process in
    /// uninterruptible sleep, alive for seconds after SIGKILL.</summary>
    public static void Write(string path, Action<Stream> write, bool durable = true)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        if (Directory.Exists(fullPath))
            throw new IOException($"cannot write {fullPath}: it is a folder; give a file name");
        CreateFolder(folder, fullPath);
        string name = Path.GetFileName(fullPath);
        string temporary = Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: durable);
            }
            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception error)
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { /* the original error matters more */ }
            if (error is IOException or UnauthorizedAccessException && error.Message.Contains(temporary, StringComparison.Ordinal))
                throw new IOException($"cannot write {fullPath}: {Reason(error, temporary)}", error);
            if (error is UnauthorizedAccessException)
                throw new IOException($"cannot write {fullPath}: permission denied (or a read-only file system)", error);
            throw;
        }
        RemoveStaleTemporaries(folder, name);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without BOM.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(Utf8NoBom.GetBytes(text)));

    /// <summary>True when no process with id <paramref name="pid"/> runs on this machine (Linux: no /proc/&lt;pid&gt;).</summary>
    public static bool ProcessIsGone(int pid) =>
        pid != Environment.ProcessId && OperatingSystem.IsLinux() && (!Directory.Exists($"/proc/{pid}") || IsZombie(pid));

    /// <summary>True when <paramref name="pid"/> has ended but was not reaped yet (state Z in /proc/&lt;pid&gt;/stat, Linux).</summary>
    public static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')'); // the command name may hold spaces and parentheses
            return close > 0 && close + 2 < stat.Length && stat[close + 2] == 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Creates <paramref name="folder"/>; a parent that is a file or not writable is an error naming it.</summary>
    private static void CreateFolder(string folder, string target)
    {
        for (var dir = folder; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(dir)) throw new IOException($"cannot write {target}: {dir} is a file, not a folder");
            if (Directory.Exists(dir)) break;
        }
        try { Directory.CreateDirectory(folder); }
        catch (UnauthorizedAccessException e) { throw new IOException($"cannot write {target}: cannot create folder {folder} (permission denied or a read-only file system)", e); }
        catch (IOException e) { throw new IOException($"cannot write {target}: cannot create folder {folder} ({e.Message})", e); }
    }

    private static string Reason(Exception error, string temporary)
    {
        string message = error.Message.Replace($"'{temporary}'", "", StringComparison.Ordinal).Replace(temporary, "", StringComparison.Ordinal);
        return error is UnauthorizedAccessException ? "permission denied (or a read-only file system)" : message.Trim(' ', ':', '.');
    }

    private static void RemoveStaleTemporaries(string folder, string name)
    {
        string prefix = "." + name + ".";
        try
        {
            foreach (var path in Directory.EnumerateFiles(folder, prefix + "*.tmp"))
            {
                var parts = Path.GetFileName(path)[prefix.Length..].Split('.');
                if (parts.Length == 3 && int.TryParse(parts[0], out int pid) && ProcessIsGone(pid))
                    File.Delete(path);
            }
        }
        catch (IOException) { } // best effort: a leftover temporary is harmless, only untidy
        catch (UnauthorizedAccessException) { }
    }
}

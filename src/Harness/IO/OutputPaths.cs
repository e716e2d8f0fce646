
namespace Ablation.Harness.IO;

/// <summary>
/// Checks an output path before any work starts, so a bad <c>--out</c> fails in a second with one line naming
/// the option and the path, not after an hour of encoding or training. A probe file is created and removed in
/// the nearest existing folder: that is the only test that catches read-only mounts, /proc and /sys alike.
/// </summary>
public static class OutputPaths
{
    /// <summary>Checks that <paramref name="path"/> can be written as a file (given with <paramref name="option"/>).</summary>
    public static void CheckFile(string path, string option)
    {
        string full = Full(path, option);
        if (Directory.Exists(full))
            throw new UserInputException($"{option} '{path}': is a folder; give a file name");
        CheckWritable(Path.GetDirectoryName(full)!, path, option);
    }

    /// <summary>Checks that <paramref name="path"/> is, or can become, a writable folder (given with <paramref name="option"/>).</summary>
    public static void CheckFolder(string path, string option)
    {
        string full = Full(path, option);
        if (File.Exists(full))
            throw new UserInputException($"{option} '{path}': is a file; give a folder");
        CheckWritable(full, path, option);
    }

    private static string Full(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new UserInputException($"{option}: the path is empty");
        try { return Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UserInputException($"{option} '{path}': not a valid path ({e.Message})");
        }
    }

    private static void CheckWritable(string folder, string given, string option)
    {
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw new UserInputException($"{option} '{given}': {existing} is a file, not a folder; choose another path");
            existing = Path.GetDirectoryName(existing);
            if (existing is null) throw new UserInputException($"{option} '{given}': no existing parent folder");
        }
        string probe = Path.Combine(existing, $".ablation-write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e is UnauthorizedAccessException
                ? "permission denied or a read-only file system"
                : "the file system refuses new files there (read-only, full, or a virtual file system such as /proc)";
            throw new UserInputException($"{option} '{given}': cannot write in {existing} ({reason}); choose a writable location");
        }
    }
}

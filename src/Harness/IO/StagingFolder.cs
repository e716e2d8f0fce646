using Ablation.Torch.IO;

namespace Ablation.Harness.IO;

/// <summary>
/// The one way a whole folder (built-in data, a pretrained base model, a trained checkpoint) is produced: built in
/// a hidden staging folder beside the target (<c>.&lt;name&gt;.&lt;pid&gt;.&lt;guid&gt;.building</c>) and renamed into
/// place when complete, so a reader sees the old folder or the complete new one, never half of it. Staging folders
/// of processes that no longer run (killed with SIGKILL, power loss) are removed before a build, and said so.
/// </summary>
public static class StagingFolder
{
    private const string Suffix = ".building";

    /// <summary>
    /// Builds <paramref name="target"/> by calling <paramref name="build"/> with a fresh staging folder, then renames
    /// it into place. An existing target is replaced when <paramref name="replace"/> is true; otherwise, if another
    /// process put a complete target in place first (<paramref name="isComplete"/>), its copy is kept and ours dropped.
    /// </summary>
    public static T Build<T>(string target, Func<string, T> build, bool replace = false, Func<string, bool>? isComplete = null,
        Action<string>? log = null)
    {
        string full = Path.GetFullPath(target);
        string parent = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        Directory.CreateDirectory(parent);
        RemoveStale(parent, name, log);
        string staging = Path.Combine(parent, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}{Suffix}");
        try
        {
            Directory.CreateDirectory(staging);
            var result = build(staging);
            if (Directory.Exists(full) && replace)
            {
                string old = staging + ".old";
                Directory.Move(full, old);
                Directory.Delete(old, recursive: true);
            }
            try { Directory.Move(staging, full); }
            catch (IOException) when (!replace && isComplete?.Invoke(full) == true) { /* another process finished first; use its copy */ }
            return result;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Removes staging folders of <paramref name="name"/> in <paramref name="parent"/> left by processes that no
    /// longer run; returns how many. Folders of live processes (a concurrent build) are left alone.
    /// </summary>
    public static int RemoveStale(string parent, string name, Action<string>? log = null)
    {
        int removed = 0;
        if (!Directory.Exists(parent)) return 0;
        // ".name.pid.guid.building[.old]" and the older "name.pid.guid.building" spelling.
        foreach (var folder in Directory.EnumerateDirectories(parent, $"*{name}.*{Suffix}*"))
        {
            string leaf = Path.GetFileName(folder);
            string rest = leaf.StartsWith('.' + name + '.', StringComparison.Ordinal) ? leaf[(name.Length + 2)..]
                : leaf.StartsWith(name + '.', StringComparison.Ordinal) ? leaf[(name.Length + 1)..] : "";
            var parts = rest.Split('.');
            if (parts.Length < 3 || !int.TryParse(parts[0], out int pid) || !AtomicWrite.ProcessIsGone(pid)) continue;
            long bytes = 0;
            try
            {
                bytes = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                Directory.Delete(folder, recursive: true);
                removed++;
                log?.Invoke($"removed {folder} ({bytes / 1e6:F1} MB), left by process {pid} that no longer runs (an interrupted build)");
            }
            catch (IOException) { } // another cleaner got there first
            catch (UnauthorizedAccessException) { }
        }
        return removed;
    }
}

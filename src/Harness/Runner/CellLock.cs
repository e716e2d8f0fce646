using System.Text;

namespace Ablation.Harness.Runner;

/// <summary>
/// A cell's exclusive lock: the file <c>lock</c> in the cell folder, created with O_EXCL and holding the owner's
/// pid, host and start time. Whoever creates it runs the cell; everybody else leaves the cell alone. A lock left by
/// a dead process on this host is taken over (the takeover itself is serialised by an OS file lock on
/// <c>lock.takeover</c>, which the kernel releases if its holder dies, so two processes never both replace the same
/// stale lock). Locks of other hosts are never taken over: their processes cannot be checked from here.
/// </summary>
public sealed class CellLock : IDisposable
{
    public const string FileName = "lock";
    private const string TakeoverFileName = "lock.takeover";

    /// <summary>A lock file that cannot be parsed is assumed to be being written for this long, then stale.</summary>
    private static readonly TimeSpan UnreadableGrace = TimeSpan.FromSeconds(30);

    private readonly string _path;
    private bool _released;

    private CellLock(string path, LockOwner owner)
    {
        _path = path;
        Owner = owner;
    }

    public LockOwner Owner { get; }

    /// <summary>
    /// Takes the lock of <paramref name="cellFolder"/>, or returns null when a live process holds it (its owner in
    /// <paramref name="holder"/>; null when the lock file is still being written). <paramref name="log"/> hears
    /// about stale locks taken over.
    /// </summary>
    public static CellLock? TryAcquire(string cellFolder, Action<string>? log, out LockOwner? holder)
    {
        string path = Path.Combine(cellFolder, FileName);
        holder = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var me = LockOwner.Current();
            if (TryCreate(path, me)) return new CellLock(path, me);

            string? text = ReadOrNull(path);
            if (text is null) continue; // released between our attempt and the read: try again
            var owner = LockOwner.TryParse(text);
            bool stale;
            string why;
            if (owner is null)
            {
                var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(path);
                stale = age > UnreadableGrace;
                why = $"an unreadable lock file {age.TotalSeconds:F0} s old";
            }
            else
            {
                stale = owner.Liveness() == LockLiveness.Dead;
                why = $"the lock of {owner.Describe()}, which no longer runs";
            }
            if (!stale)
            {
                holder = owner;
                return null;
            }
            if (TakeOver(cellFolder, path, text))
                log?.Invoke($"took over {why}");
        }
        holder = LockOwner.TryParse(ReadOrNull(path) ?? "");
        return null;
    }

    /// <summary>The owner recorded in <paramref name="cellFolder"/>'s lock, or null when there is none (or it is unreadable).</summary>
    public static LockOwner? ReadOwner(string cellFolder) =>
        ReadOrNull(Path.Combine(cellFolder, FileName)) is { } text ? LockOwner.TryParse(text) : null;

    /// <summary>Deletes the lock if it is still this process's.</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        if (ReadOrNull(_path) is { } text && LockOwner.TryParse(text) == Owner)
            File.Delete(_path);
    }

    private const int FileExistsErrno = 17, FileExistsWindows = unchecked((int)0x80070050);

    private static bool TryCreate(string path, LockOwner me)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            stream.Write(Encoding.UTF8.GetBytes(me.ToJson()));
            stream.Flush(flushToDisk: true);
            return true;
        }
        // "Already exists" also when a concurrent takeover deleted the file between our attempt and any check of it
        // (the caller then tries again), so the error code decides, not File.Exists: EEXIST on Linux, ERROR_FILE_EXISTS on Windows.
        catch (IOException e) when (e.HResult is FileExistsErrno or FileExistsWindows || File.Exists(path))
        {
            return false;
        }
    }

    /// <summary>Deletes the stale lock if it still holds <paramref name="staleText"/>; false when another process is taking it over.</summary>
    private static bool TakeOver(string cellFolder, string path, string staleText)
    {
        FileStream guard;
        try
        {
            // FileShare.None is an exclusive flock on Unix: held until disposed or until this process dies.
            guard = new FileStream(Path.Combine(cellFolder, TakeoverFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            Thread.Sleep(50);
            return false;
        }
        using (guard)
        {
            if (ReadOrNull(path) != staleText) return false;
            File.Delete(path);
            return true;
        }
    }

    private static string? ReadOrNull(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }
}

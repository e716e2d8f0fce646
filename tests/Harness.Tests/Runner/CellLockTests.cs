using System.Diagnostics;
using Ablation.Harness.Runner;
using static Ablation.Harness.Tests.Runner.RunnerFixtures;

namespace Ablation.Harness.Tests.Runner;

/// <summary>The cell lock: exclusive, respected while its owner lives, taken over when it is stale.</summary>
public class CellLockTests
{
    private static string WriteLock(LockOwner owner)
    {
        string folder = TempFolder();
        File.WriteAllText(Path.Combine(folder, CellLock.FileName), owner.ToJson());
        return folder;
    }

    /// <summary>The pid of a process that has exited (so it cannot be alive unless reused, which the start time catches).</summary>
    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void LockIsExclusiveAndReleasedOnDispose()
    {
        string folder = TempFolder();
        using (var first = CellLock.TryAcquire(folder, null, out _))
        {
            Assert.NotNull(first);
            var owner = LockOwner.TryParse(File.ReadAllText(Path.Combine(folder, CellLock.FileName)));
            Assert.Equal(Environment.ProcessId, owner!.Pid);
            Assert.Equal(Environment.MachineName, owner.Host);
            Assert.Null(CellLock.TryAcquire(folder, null, out var holder));
            Assert.Equal(owner, holder);
        }
        Assert.False(File.Exists(Path.Combine(folder, CellLock.FileName)));
        using var again = CellLock.TryAcquire(folder, null, out _);
        Assert.NotNull(again);
    }

    [Fact]
    public void StaleLockOfDeadProcessIsTakenOverWithAMessage()
    {
        int pid = DeadPid();
        string folder = WriteLock(new LockOwner(pid, Environment.MachineName, DateTimeOffset.UtcNow.AddMinutes(-5)));
        var messages = new List<string>();
        using var taken = CellLock.TryAcquire(folder, messages.Add, out _);
        Assert.NotNull(taken);
        Assert.Equal(Environment.ProcessId, CellLock.ReadOwner(folder)!.Pid);
        Assert.Contains($"took over the lock of pid {pid} on {Environment.MachineName}", Assert.Single(messages));
    }

    [Fact]
    public void ReusedPidCountsAsDead()
    {
        // Our own pid, but the lock is older than this process: the pid was reused, so the lock is stale.
        string folder = WriteLock(new LockOwner(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow.AddYears(-1)));
        Assert.Equal(LockLiveness.Dead, CellLock.ReadOwner(folder)!.Liveness());
        using var taken = CellLock.TryAcquire(folder, null, out _);
        Assert.NotNull(taken);
    }

    [Fact]
    public void LiveAndOtherHostLocksAreRespected()
    {
        var live = new LockOwner(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);
        string folder = WriteLock(live);
        Assert.Null(CellLock.TryAcquire(folder, null, out var holder));
        Assert.Equal(live, holder);

        var remote = new LockOwner(DeadPid(), "some-other-host", DateTimeOffset.UtcNow.AddDays(-1));
        string remoteFolder = WriteLock(remote);
        Assert.Equal(LockLiveness.OtherHost, remote.Liveness());
        Assert.Null(CellLock.TryAcquire(remoteFolder, null, out var remoteHolder));
        Assert.Equal(remote, remoteHolder);
        Assert.Equal(remote.ToJson(), File.ReadAllText(Path.Combine(remoteFolder, CellLock.FileName)));
    }

    [Fact]
    public void DisposeLeavesAnotherOwnersLockAlone()
    {
        string folder = TempFolder();
        var mine = CellLock.TryAcquire(folder, null, out _)!;
        // Someone replaced the lock (e.g. took it over believing us dead): our release must not delete theirs.
        var theirs = new LockOwner(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow.AddSeconds(1));
        File.WriteAllText(Path.Combine(folder, CellLock.FileName), theirs.ToJson());
        mine.Dispose();
        Assert.Equal(theirs, CellLock.ReadOwner(folder));
    }

    [Fact]
    public void ConcurrentTakeoversOfOneStaleLockLetExactlyOneWin()
    {
        for (int trial = 0; trial < 20; trial++)
        {
            string folder = WriteLock(new LockOwner(DeadPid(), Environment.MachineName, DateTimeOffset.UtcNow.AddMinutes(-1)));
            using var start = new Barrier(8);
            var results = new CellLock?[8];
            // Dedicated threads: blocking pool threads on a barrier would wait for the pool to grow.
            var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                results[i] = CellLock.TryAcquire(folder, null, out _);
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var winners = results.Where(l => l != null).ToList();
            Assert.Single(winners);
            winners[0]!.Dispose();
        }
    }

    [Fact]
    public void UnreadableLockIsRespectedWhileFreshAndTakenOverWhenOld()
    {
        string folder = TempFolder();
        string path = Path.Combine(folder, CellLock.FileName);
        File.WriteAllText(path, "");
        Assert.Null(CellLock.TryAcquire(folder, null, out var holder));
        Assert.Null(holder);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-2));
        var messages = new List<string>();
        using var taken = CellLock.TryAcquire(folder, messages.Add, out _);
        Assert.NotNull(taken);
        Assert.Contains("unreadable lock file", Assert.Single(messages));
    }
}

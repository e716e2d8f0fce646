using System.Diagnostics;
using Ablation.Harness.IO;

namespace Ablation.Harness.Tests.Contracts;

/// <summary>Items 11–13: what a killed process leaves behind, and that the next run removes it.</summary>
public class LeftoverContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("leftovers").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A process id that is not running (pid_max on Linux is at most 2^22).</summary>
    private static int DeadPid()
    {
        for (int pid = 4_194_000; ; pid++)
            if (!Directory.Exists($"/proc/{pid}")) return pid;
    }

    [Fact]
    public void A_write_removes_temporaries_of_dead_processes_and_keeps_those_of_live_ones()
    {
        string target = Path.Combine(_dir, "metrics.json");
        string dead = Path.Combine(_dir, $".metrics.json.{DeadPid()}.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(_dir, $".metrics.json.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        string other = Path.Combine(_dir, $".other.json.{DeadPid()}.{Guid.NewGuid():N}.tmp");
        foreach (var f in new[] { dead, live, other }) File.WriteAllText(f, "half");

        AtomicFile.WriteAllText(target, "{}");

        Assert.Equal("{}", File.ReadAllText(target));
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));   // this process may still be writing it
        Assert.True(File.Exists(other));  // another target's; removed when that one is written
    }

    [Fact]
    public void A_failed_write_names_the_target_not_the_hidden_temporary()
    {
        var error = Assert.Throws<IOException>(() => AtomicFile.WriteAllText("/proc/ablation-test.json", "{}"));
        Assert.Contains("/proc/ablation-test.json", error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
        File.WriteAllText(Path.Combine(_dir, "file"), "");
        var parent = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(Path.Combine(_dir, "file", "x.json"), "{}"));
        Assert.Contains("is a file, not a folder", parent.Message);
    }

    [Fact]
    public void Staging_folders_of_dead_processes_are_removed_and_reported_before_a_build()
    {
        int pid = DeadPid();
        string stale = Path.Combine(_dir, $".data.{pid}.{Guid.NewGuid():N}.building");
        string oldSpelling = Path.Combine(_dir, $"data.{pid}.{Guid.NewGuid():N}.building");
        string live = Path.Combine(_dir, $".data.{Environment.ProcessId}.{Guid.NewGuid():N}.building");
        foreach (var f in new[] { stale, oldSpelling, live }) Directory.CreateDirectory(f);
        File.WriteAllBytes(Path.Combine(stale, "big.bin"), new byte[2_000_000]);
        var log = new List<string>();

        string target = Path.Combine(_dir, "data");
        int built = StagingFolder.Build(target, staging => { File.WriteAllText(Path.Combine(staging, "done"), "1"); return 7; }, log: log.Add);

        Assert.Equal(7, built);
        Assert.True(File.Exists(Path.Combine(target, "done")));
        Assert.False(Directory.Exists(stale));
        Assert.False(Directory.Exists(oldSpelling));
        Assert.True(Directory.Exists(live));
        Assert.Contains(log, l => l.Contains(stale) && l.Contains("2.0 MB") && l.Contains($"process {pid}"));
    }

    [Fact]
    public void A_failed_build_leaves_neither_target_nor_staging_folder()
    {
        string target = Path.Combine(_dir, "model");
        Assert.Throws<InvalidOperationException>(() =>
            StagingFolder.Build<int>(target, staging => { File.WriteAllText(Path.Combine(staging, "half"), "x"); throw new InvalidOperationException("boom"); }));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Safe_file_names_keep_readable_names_and_never_collide_when_cut()
    {
        Assert.Equal("WordNetSameSensePairClassification", SafeFileName.Of("WordNetSameSensePairClassification"));
        Assert.Equal("builtin_tiny-base_attention_bidirectional", SafeFileName.Of("builtin:tiny-base#attention=bidirectional"));
        Assert.Equal("_hidden", SafeFileName.Of(".hidden"));
        Assert.Equal("a_b_c", SafeFileName.Of("a/b\\c"));
        string a = SafeFileName.Of(new string('x', 200) + "a", 40), b = SafeFileName.Of(new string('x', 200) + "b", 40);
        Assert.Equal(40, a.Length);
        Assert.NotEqual(a, b);
    }

    public static TheoryData<string, int> Signals => new() { { "INT", 130 }, { "TERM", 143 } };

    /// <summary>
    /// A real process interrupted in the middle of <c>data build</c>: it says what was kept and how to resume,
    /// ends with 128 + signal, and leaves nothing at --out (the next build removes its staging folder).
    /// </summary>
    [Theory]
    [MemberData(nameof(Signals))]
    public void An_interrupted_build_says_what_was_kept_and_leaves_nothing_at_the_output(string signal, int expected)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "ablation.dll");
        string target = Path.Combine(_dir, "data");
        // env --default-signal: a test run started as a background job of a non-interactive shell inherits SIGINT as
        // ignored, and .NET keeps an inherited SIG_IGN; the child gets the default disposition back, as from a terminal.
        var start = new ProcessStartInfo("env", [$"--default-signal={signal}", "dotnet", dll, "data", "build", "--reduced", "--out", target])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        string? first = process.StandardOutput.ReadLine(); // the build has started (handlers are installed before any output)
        Assert.NotNull(first);
        using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString()])) kill.WaitForExit();
        string err = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(expected, process.ExitCode);
        Assert.Contains($"interrupted (SIG{signal}): ", err);
        Assert.Contains("run the same command again", err);
        Assert.DoesNotContain(" at ", err);
        Assert.False(Directory.Exists(target));
        StagingFolder.RemoveStale(_dir, "data");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}

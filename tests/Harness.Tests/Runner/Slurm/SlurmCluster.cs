using System.Diagnostics;
using Ablation.Tests.Shared;
using Xunit;

namespace Ablation.Harness.Tests.Runner.Slurm;

/// <summary>
/// A real single-node Slurm cluster (scripts/slurm-local) for the tests of one collection: up once before the
/// first test, down after the last. Its folder is private to the test run, so it never touches a user's cluster
/// state; SLURM_CONF is set for this process so the client and the jobs it submits find the controller.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    private readonly (int Controller, int Node) _ports = (FreePort(), FreePort());

    public SlurmCluster()
    {
        Folder = Path.Combine(Path.GetTempPath(), $"ablation-slurm-{Environment.ProcessId}");
        var watch = Stopwatch.StartNew();
        var (code, output) = Script("up");
        if (code != 0)
            throw new InvalidOperationException($"scripts/slurm-local up failed (exit {code}); the Slurm tests need root and Debian's slurm packages:\n{output}");
        UpSeconds = watch.Elapsed.TotalSeconds;
        Environment.SetEnvironmentVariable("SLURM_CONF", Path.Combine(Folder, "etc", "slurm.conf"));
    }

    public string Folder { get; }
    public double UpSeconds { get; }
    public double DownSeconds { get; private set; }

    public void Dispose()
    {
        var watch = Stopwatch.StartNew();
        var (code, output) = Script("down");
        DownSeconds = watch.Elapsed.TotalSeconds;
        if (code != 0) Console.Error.WriteLine($"scripts/slurm-local down failed (exit {code}):\n{output}");
        Console.Error.WriteLine($"slurm-local: up {UpSeconds:F1} s, down {DownSeconds:F1} s");
    }

    /// <summary>A TCP port nothing listens on now (the kernel's choice), so concurrent test runs do not collide.</summary>
    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private (int Code, string Output) Script(string verb)
    {
        var info = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "scripts", "slurm-local"), verb)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["SLURM_LOCAL_DIR"] = Folder;
        info.Environment["SLURM_LOCAL_PORTS"] = $"{_ports.Controller} {_ports.Node}";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(true); return (-1, "timed out"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

[CollectionDefinition(Name)]
public sealed class SlurmCollection : ICollectionFixture<SlurmCluster>
{
    public const string Name = "slurm cluster";
}

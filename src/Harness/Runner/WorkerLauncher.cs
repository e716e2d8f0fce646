using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ablation.Harness.Runner;

/// <summary>
/// Starts <c>ablation run-cell &lt;folder&gt;</c> as a child process: the same harness (this assembly) under the same
/// .NET host, in the same working directory (relative paths in configs resolve alike), with its output appended to
/// the cell's worker.log. With several workers on one machine, each gets its share of the cores for OpenBLAS.
/// </summary>
public sealed class WorkerLauncher
{
    private readonly string _host;
    private readonly string _assembly;

    public WorkerLauncher(string host, string assembly)
    {
        _host = host;
        _assembly = assembly;
    }

    /// <summary>The launcher for this harness: the running dotnet host and ablation.dll.</summary>
    public static WorkerLauncher ForThisHarness()
    {
        string assembly = typeof(Program).Assembly.Location;
        string? process = Environment.ProcessPath;
        string host = process != null && Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromCli ? fromCli : "dotnet";
        return new WorkerLauncher(host, assembly);
    }

    /// <summary>A process running this harness with <paramref name="arguments"/> (e.g. a whole <c>ablation run</c>).</summary>
    public ProcessStartInfo StartInfo(params string[] arguments)
    {
        var info = new ProcessStartInfo(_host) { UseShellExecute = false, WorkingDirectory = Environment.CurrentDirectory };
        info.ArgumentList.Add(_assembly);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }

    /// <summary>The command line a worker runs, for messages (e.g. how to rerun a cell by hand).</summary>
    public string CommandLine(string cellFolder) => $"{_host} {_assembly} run-cell {cellFolder}";

    /// <summary>The harness as a shell command prefix (host and assembly, quoted), for batch scripts.</summary>
    public string CommandPrefix => $"{Slurm.SbatchScript.Quote(_host)} {Slurm.SbatchScript.Quote(_assembly)}";

    public Process Start(CellFolder cell, int workers)
    {
        var info = StartInfo("run-cell", cell.Path);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        if (Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") is null)
            info.Environment["OPENBLAS_NUM_THREADS"] = Math.Max(1, Environment.ProcessorCount / Math.Max(1, workers)).ToString();

        var log = new StreamWriter(new FileStream(cell.WorkerLog, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var gate = new object();
        bool closed = false;
        void Write(string? line)
        {
            if (line is null) return;
            lock (gate) if (!closed) log.WriteLine(line);
        }
        Write($"--- {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss}Z {CommandLine(cell.Path)}");
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) =>
        {
            // Exited can fire before the last output lines; WaitForExit() drains them. The executor may already have
            // disposed the Process (it waits on its own task): this handler runs on a pool thread, where an exception
            // would take the whole runner (or test host) down, so it must not throw.
            try { process.WaitForExit(); }
            catch (SystemException) { }
            lock (gate)
            {
                closed = true;
                log.Dispose();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Asks a worker to stop (SIGTERM): it finishes its step or task, releases its lock and exits.</summary>
    public static void RequestStop(Process process)
    {
        try
        {
            if (!process.HasExited) _ = kill(process.Id, 15);
        }
        catch (InvalidOperationException) { /* already gone */ }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

using System.Diagnostics;

namespace Ablation.Harness.Runner.Slurm;

/// <summary>
/// The scheduler's command-line clients (<c>sbatch</c>, <c>squeue</c>, <c>sacct</c>, <c>scancel</c>), each called
/// with a deadline: <c>squeue</c> blocks for seconds retrying while the controller is down, and a status command
/// must not hang on that. The clients read <c>SLURM_CONF</c> from the environment like any Slurm user would.
/// </summary>
public sealed class SlurmClient
{
    private readonly TimeSpan _timeout;

    public SlurmClient(TimeSpan? timeout = null) => _timeout = timeout ?? TimeSpan.FromSeconds(30);

    /// <summary>True when <c>sbatch</c> is on the PATH.</summary>
    public static bool IsAvailable() => FindOnPath("sbatch") is not null;

    /// <summary>Submits a batch script file; returns the job id. Extra arguments go before the script.</summary>
    public string Submit(string scriptPath, params string[] extraArgs)
    {
        var args = new List<string> { "--parsable" };
        args.AddRange(extraArgs);
        args.Add(scriptPath);
        var (code, stdout, stderr) = Run("sbatch", args);
        if (code != 0)
            throw new SlurmException($"sbatch {scriptPath} failed (exit {code}): {FirstLine(stderr)}");
        var id = stdout.Trim().Split(';')[0];   // "<id>" or "<id>;<cluster>"
        if (id.Length == 0 || !id.All(char.IsAsciiDigit))
            throw new SlurmException($"sbatch printed no job id: '{stdout.Trim()}'");
        return id;
    }

    /// <summary>
    /// Pending and running jobs and array tasks among <paramref name="jobIds"/>, keyed by Slurm's id
    /// (<c>123_4</c> for array tasks, one line per task), valued (state, reason). Finished jobs are absent.
    /// </summary>
    public IReadOnlyDictionary<string, (string State, string Reason)> Queue(IEnumerable<string> jobIds)
    {
        var ids = string.Join(',', jobIds);
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (ids.Length == 0) return result;
        var (code, stdout, stderr) = Run("squeue", ["-h", "-r", "-j", ids, "-o", "%i|%T|%r"]);
        if (code != 0)
        {
            // squeue exits 1 with "Invalid job id specified" once every listed job has left the queue.
            if (stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return result;
            throw new SlurmException($"squeue failed (exit {code}): {FirstLine(stderr)}");
        }
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length >= 3) result[parts[0]] = (parts[1], parts[2]);
        }
        return result;
    }

    /// <summary>
    /// Final states from accounting (<c>sacct</c>), keyed like <see cref="Queue"/>; null when the cluster keeps no
    /// accounting (<c>sacct</c> then says "accounting storage is disabled").
    /// </summary>
    public IReadOnlyDictionary<string, (string State, string ExitCode)>? Accounting(IEnumerable<string> jobIds)
    {
        var ids = string.Join(',', jobIds);
        if (ids.Length == 0 || FindOnPath("sacct") is null) return null;
        var (code, stdout, _) = Run("sacct", ["-X", "-n", "-P", "-j", ids, "--format=JobID,State,ExitCode"]);
        if (code != 0) return null;
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split('|');
            if (parts.Length >= 3) result[parts[0]] = (parts[1], parts[2]);
        }
        return result;
    }

    /// <summary>Cancels jobs (whole arrays when given array job ids).</summary>
    public void Cancel(IEnumerable<string> jobIds)
    {
        var ids = jobIds.ToList();
        if (ids.Count == 0) return;
        var (code, _, stderr) = Run("scancel", ids);
        if (code != 0 && !stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            throw new SlurmException($"scancel failed (exit {code}): {FirstLine(stderr)}");
    }

    private (int Code, string Stdout, string Stderr) Run(string program, IReadOnlyList<string> args)
    {
        var path = FindOnPath(program)
            ?? throw new SlurmException($"'{program}' is not on the PATH: install the Slurm client (Debian: slurm-client) or run without --executor slurm");
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new SlurmException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(_timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw new SlurmException($"{program} did not answer within {_timeout.TotalSeconds:0} s: is slurmctld running and SLURM_CONF set?");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no message)";

    internal static string? FindOnPath(string program)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>The scheduler or its clients failed (not the user's input): exit code 1 with this message.</summary>
public sealed class SlurmException(string message) : Exception(message);

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Runner;

/// <summary>Who holds a cell's lock: the content of the <c>lock</c> file, <c>{"pid", "host", "started"}</c>.</summary>
public sealed record LockOwner(int Pid, string Host, DateTimeOffset Started)
{
    /// <summary>This process, now.</summary>
    public static LockOwner Current() => new(Environment.ProcessId, Environment.MachineName, DateTimeOffset.UtcNow);

    public string ToJson() => new JsonObject
    {
        ["pid"] = Pid,
        ["host"] = Host,
        ["started"] = Started.ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString() + "\n";

    /// <summary>The owner written in <paramref name="text"/>, or null when it is not a complete lock record.</summary>
    public static LockOwner? TryParse(string text)
    {
        try
        {
            if (JsonNode.Parse(text) is not JsonObject o) return null;
            return new LockOwner(o["pid"]!.GetValue<int>(), o["host"]!.GetValue<string>(),
                DateTimeOffset.Parse(o["started"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>True when the owner is on this host.</summary>
    public bool OnThisHost => string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Alive, dead, or unknown (another host: its processes cannot be seen from here, so its lock is respected).
    /// A pid reused by a process that started after the lock was written counts as dead.
    /// </summary>
    public LockLiveness Liveness()
    {
        if (!OnThisHost) return LockLiveness.OtherHost;
        if (IsZombie(Pid)) return LockLiveness.Dead;
        try
        {
            using var process = Process.GetProcessById(Pid);
            // A SIGKILLed worker whose parent died too stays a zombie until init reaps it (seconds in containers);
            // it holds no lock any more, so it counts as dead.
            if (process.HasExited || Ablation.Torch.IO.AtomicWrite.IsZombie(Pid)) return LockLiveness.Dead;
            // Process start times are read with a resolution of a clock tick; allow a little slack.
            return process.StartTime.ToUniversalTime() > Started.UtcDateTime.AddSeconds(2) ? LockLiveness.Dead : LockLiveness.Alive;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return LockLiveness.Dead;
        }
    }

    /// <summary>
    /// A killed process stays in the process table until its parent reaps it, and still answers to its pid; on Linux
    /// its state in /proc/&lt;pid&gt;/stat tells (Z zombie, X dead).
    /// </summary>
    private static bool IsZombie(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // no /proc, or gone: the Process check decides
        }
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"pid {Pid} on {Host} since {Started.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
}

namespace Ablation.Harness.Runner.Slurm;

/// <summary>
/// The Slurm side of <c>ablation status</c>: each submitted cell's latest array task and what the scheduler says of
/// it (<c>squeue</c> while queued or running, <c>sacct</c> afterwards when the cluster keeps accounting). The cell's
/// own state in the results folder stays authoritative; this only explains it.
/// </summary>
public static class SlurmStatus
{
    public sealed record Row(string CellId, string Task, string Scheduler, int Attempts);

    public static IReadOnlyList<Row>? Read(string resultsRoot, SlurmClient? client = null)
    {
        var ledger = SlurmLedger.Load(Path.GetFullPath(resultsRoot));
        if (!ledger.Exists) return null;
        client ??= new SlurmClient(TimeSpan.FromSeconds(15));
        var cells = ledger.Submissions.SelectMany(s => s.Cells).Distinct().ToList();
        IReadOnlyDictionary<string, (string State, string Reason)> queue;
        IReadOnlyDictionary<string, (string State, string ExitCode)>? accounting = null;
        string unavailable = "";
        try
        {
            var jobs = ledger.Submissions.Select(s => s.ArrayJob).ToList();
            queue = client.Queue(jobs);
            accounting = client.Accounting(jobs);
        }
        catch (SlurmException e)
        {
            queue = new Dictionary<string, (string, string)>();
            unavailable = $"scheduler not reachable: {e.Message}";
        }
        var rows = new List<Row>();
        foreach (var cell in cells)
        {
            var task = ledger.LatestTask(cell)!;
            string state = queue.TryGetValue(task, out var q) ? (q.Reason is "None" or "" ? q.State : $"{q.State} ({q.Reason})")
                : accounting?.TryGetValue(task, out var a) == true ? $"{a.State} (exit {a.ExitCode})"
                : unavailable.Length > 0 ? unavailable
                : "left the queue";
            rows.Add(new Row(cell, task, state, ledger.Attempts(cell)));
        }
        return rows;
    }

    public static void WriteText(string resultsRoot, TextWriter output)
    {
        var rows = Read(resultsRoot);
        if (rows is null) return;
        var ledger = SlurmLedger.Load(Path.GetFullPath(resultsRoot));
        output.WriteLine();
        output.WriteLine($"slurm: {ledger.Submissions.Count} submission(s); finish jobs {string.Join(", ", ledger.Submissions.Select(s => s.FinishJob))}" +
                         (File.Exists(Path.Combine(ledger.Folder, "FINISHED")) ? "; the grid is finished" : ""));
        output.WriteLine($"  {"cell",-14}{"array task",-14}{"attempts",-10}scheduler");
        foreach (var row in rows) output.WriteLine($"  {row.CellId,-14}{row.Task,-14}{row.Attempts,-10}{row.Scheduler}");
    }
}

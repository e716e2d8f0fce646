using System.Diagnostics;
using System.Globalization;
using Ablation.Harness.Cli;

namespace Ablation.Harness.Runner;

/// <summary>
/// Runs cells in up to N worker processes on this machine, each <c>ablation run-cell &lt;folder&gt;</c>. A cell is
/// checked again just before its worker starts (another runner may have finished or taken it); its lock decides
/// who runs it. A failing worker never stops the others. On cancellation the workers are asked to stop (SIGTERM),
/// given time to release their locks, then killed.
/// </summary>
public sealed class LocalExecutor
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);
    private readonly WorkerLauncher _launcher;
    private readonly int _workers;
    private readonly TextWriter _output;

    public LocalExecutor(WorkerLauncher launcher, int workers, TextWriter output)
    {
        if (workers < 1) throw new UserInputException($"--workers must be at least 1, not {workers}");
        _launcher = launcher;
        _workers = workers;
        _output = output;
    }

    /// <summary>Time between checks of cells other runners hold, when waiting for them at the end.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="queue"/>; <paramref name="describe"/> names a cell in messages (design, seed).</summary>
    public ExecutorResult Run(IReadOnlyList<CellFolder> queue, Func<CellFolder, string> describe, CancellationToken cancel)
    {
        var result = new ExecutorResult();
        var pending = new Queue<CellFolder>(queue);
        var running = new List<Worker>();
        // Cells another process holds: watched until they end; one left unfinished comes back to our queue.
        var elsewhere = new List<CellFolder>();
        var lastCheck = Stopwatch.StartNew();
        int total = queue.Count, finished = 0;
        string Count() => $"[{finished}/{total}]";

        while (true)
        {
            while (!cancel.IsCancellationRequested && running.Count < _workers && pending.TryDequeue(out var cell))
            {
                var status = cell.ReadStatus();
                if (status.State == CellState.Done)
                {
                    finished++;
                    result.DoneElsewhere.Add(cell.Id);
                    _output.WriteLine($"{Count()} {describe(cell)}: done by another process");
                    continue;
                }
                if (status.State == CellState.Running)
                {
                    elsewhere.Add(cell);
                    _output.WriteLine($"{Count()} {describe(cell)}: being run by {status.Owner!.Describe()}; left to it");
                    continue;
                }
                var process = _launcher.Start(cell, _workers);
                running.Add(new Worker(cell, process, process.WaitForExitAsync(CancellationToken.None), Stopwatch.StartNew()));
                _output.WriteLine($"{Count()} {describe(cell)}: started{(status.HasCheckpoint || status.Progress != null ? " (resuming)" : "")}{(status.State == CellState.Failed ? " (retrying a failed cell)" : "")}");
            }
            if (cancel.IsCancellationRequested)
            {
                Stop(running, result);
                result.Interrupted.AddRange(pending.Select(c => c.Id));
                result.RunningElsewhere.AddRange(elsewhere.Select(c => c.Id));
                result.WasInterrupted = true;
                return result;
            }
            if (elsewhere.Count > 0 && (running.Count == 0 || lastCheck.Elapsed >= PollInterval))
            {
                lastCheck.Restart();
                finished += CheckOthers(elsewhere, pending, result, describe, Count);
                if (pending.Count > 0 && running.Count < _workers) continue;
            }
            if (running.Count == 0)
            {
                if (pending.Count > 0) continue;
                // Only cells held by live processes on this host are waited for, so the summary covers the whole grid.
                if (!elsewhere.Any(c => CellLock.ReadOwner(c.Path)?.OnThisHost == true)) break;
                Thread.Sleep(PollInterval);
                continue;
            }

            int index = Task.WaitAny(running.Select(w => (Task)w.Exit).ToArray(), 250);
            if (index < 0) continue;
            var worker = running[index];
            running.RemoveAt(index);
            if (worker.Process.ExitCode == CellWorker.BusyExitCode)
            {
                // Another process took the lock between our check and the worker's start: watch it like the others.
                worker.Process.Dispose();
                elsewhere.Add(worker.Cell);
                _output.WriteLine($"{Count()} {describe(worker.Cell)}: taken by another process; left to it");
                continue;
            }
            finished++;
            Finish(worker, result, describe, Count());
        }
        result.RunningElsewhere.AddRange(elsewhere.Select(c => c.Id));
        return result;
    }

    /// <summary>
    /// Looks at the cells other processes hold: finished or failed ones are recorded; one whose holder stopped without
    /// finishing (lock released, or its process died) goes back to <paramref name="pending"/>. Returns how many ended.
    /// </summary>
    private int CheckOthers(List<CellFolder> elsewhere, Queue<CellFolder> pending, ExecutorResult result, Func<CellFolder, string> describe, Func<string> count)
    {
        int ended = 0;
        foreach (var cell in elsewhere.ToList())
        {
            var status = cell.ReadStatus();
            if (status.State == CellState.Running) continue;
            elsewhere.Remove(cell);
            switch (status.State)
            {
                case CellState.Done:
                    ended++;
                    result.DoneElsewhere.Add(cell.Id);
                    _output.WriteLine($"{count()} {describe(cell)}: done by another process");
                    break;
                case CellState.Failed:
                    ended++;
                    result.Failed[cell.Id] = status.Error!;
                    _output.WriteLine($"{count()} {describe(cell)}: FAILED in another process: {status.Error}");
                    break;
                default:
                    pending.Enqueue(cell);
                    _output.WriteLine($"{count()} {describe(cell)}: its other process stopped before finishing; taking it over");
                    break;
            }
        }
        return ended;
    }

    private void Finish(Worker worker, ExecutorResult result, Func<CellFolder, string> describe, string count)
    {
        int code = worker.Process.ExitCode;
        worker.Process.Dispose();
        var cell = worker.Cell;
        string seconds = worker.Clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        if (code == ExitCodes.Success && cell.IsDone)
        {
            result.Finished.Add(cell.Id);
            _output.WriteLine($"{count} {describe(cell)}: done in {seconds} s");
            return;
        }
        var status = cell.ReadStatus();
        string error;
        if (status.State == CellState.Failed)
        {
            error = status.Error!;
        }
        else
        {
            // The worker died without recording why (killed, out of memory, a native crash): record it for it.
            error = $"worker exited with code {code} without a result; see {cell.WorkerLog}";
            if (status.State != CellState.Running) cell.WriteFailed(error, $"exit code {code}; the worker's output is in worker.log");
        }
        result.Failed[cell.Id] = error;
        _output.WriteLine($"{count} {describe(cell)}: FAILED after {seconds} s: {error}");
    }

    private void Stop(List<Worker> running, ExecutorResult result)
    {
        if (running.Count == 0) return;
        _output.WriteLine($"stopping {running.Count} worker(s): each saves its place and releases its cell");
        foreach (var worker in running) WorkerLauncher.RequestStop(worker.Process);
        var deadline = Stopwatch.StartNew();
        foreach (var worker in running)
        {
            var left = StopGrace - deadline.Elapsed;
            if (left < TimeSpan.Zero || !worker.Exit.Wait(left))
            {
                try { worker.Process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                worker.Process.WaitForExit();
            }
            if (worker.Cell.IsDone) result.Finished.Add(worker.Cell.Id);
            else result.Interrupted.Add(worker.Cell.Id);
            worker.Process.Dispose();
        }
    }

    private sealed record Worker(CellFolder Cell, Process Process, Task Exit, Stopwatch Clock);
}

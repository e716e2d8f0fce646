using System.Globalization;
using Ablation.Harness.Cli;
using Ablation.Harness.IO;

namespace Ablation.Harness.Runner.Slurm;

/// <summary>
/// Runs a grid through Slurm: one job array per attempt (one array task per cell, the same
/// <c>ablation run-cell</c> the local workers run) and a finish job hung on the array with <c>afterany</c>. The
/// finish job (<c>ablation slurm-finish</c>) resubmits cells that failed or were lost, up to
/// <see cref="SlurmOptions.MaxAttempts"/> attempts per cell, and writes the report once every cell is done or has
/// failed for good. The results folder stays the single source of truth: a cell is done when its DONE file says so.
/// </summary>
public static class SlurmExecutor
{
    /// <summary><c>ablation run --executor slurm</c>: plan, prepare shared parts, write the scripts, submit.</summary>
    public static int Submit(GridToRun grid, RunRequest request, SlurmOptions options, TextWriter output,
        SlurmClient? client = null, string? command = null)
    {
        options.Validate();
        var results = new ResultsFolder(request.Out ?? Path.Combine("results", grid.Name));
        var plan = GridRunner.Plan(grid, results, request);
        plan.Write(output);
        command ??= WorkerLauncher.ForThisHarness().CommandPrefix;
        var ledger = SlurmLedger.Load(results.Root);

        if (request.DryRun)
        {
            var preview = plan.ToRun.Where(c => c.State != CellState.Running).Select(c => c.Id).ToList();
            if (preview.Count == 0) { output.WriteLine("dry run: nothing to submit"); return ExitCodes.Success; }
            int attempt = ledger.Submissions.Count + 1;
            output.WriteLine($"dry run: would write and submit {Path.Combine(ledger.Folder, $"array-{attempt}.sh")}:");
            output.Write(SbatchScript.Array(JobName(grid.Name), results.Root, CellsFile(ledger, attempt), preview.Count, command, options));
            output.WriteLine($"and, after it (afterany), {Path.Combine(ledger.Folder, $"finish-{attempt}.sh")}:");
            output.Write(SbatchScript.Finish(JobName(grid.Name), results.Root, command, options, attempt));
            output.WriteLine("dry run: nothing written or submitted");
            return ExitCodes.Success;
        }

        client ??= new SlurmClient();
        // Cells already queued or running under an earlier submission are not submitted twice.
        var queued = QueuedCells(ledger, client);
        var cells = plan.ToRun.Where(c => c.State != CellState.Running && !queued.Contains(c.Id)).Select(c => c.Id).ToList();
        if (queued.Count > 0) output.WriteLine($"{queued.Count} cell(s) are already queued or running in Slurm; not submitted again");
        if (cells.Count == 0)
        {
            output.WriteLine("nothing to submit" + (queued.Count > 0 ? $"; follow the queued cells with: ablation status {results.Root}" : ""));
            return ExitCodes.Success;
        }

        results.Write(grid);
        GridRunner.PrepareShared(cells.Select(id => plan.Specs[id]), output);
        ledger.Configure(grid.Source, options, command);
        var (array, finish) = SubmitAttempt(results, ledger, cells, JobName(grid.Name), client);
        output.WriteLine($"submitted job array {array} ({cells.Count} cell(s){(options.MaxParallel is { } k ? $", at most {k} at once" : "")}) " +
                         $"and finish job {finish} (afterany:{array}); failed cells are retried up to {options.MaxAttempts} attempts");
        output.WriteLine($"follow with: ablation status {results.Root}    cancel with: ablation cancel {results.Root}");
        output.WriteLine($"logs: {Path.Combine(ledger.Folder, "logs")}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// <c>ablation slurm-finish &lt;results&gt; --attempt N</c>, run by the finish job of attempt N once its array has
    /// ended: resubmits cells that are neither done nor held by a live process and have attempts left; otherwise
    /// writes the summary/report and <c>slurm/FINISHED</c>. Exit 0 when the grid is done or resubmitted, 1 when
    /// cells failed for good.
    /// </summary>
    public static int Finish(string resultsRoot, int attempt, TextWriter output, SlurmClient? client = null,
        Action<ResultsFolder, TextWriter>? writeReport = null)
    {
        var results = new ResultsFolder(resultsRoot);
        var ledger = SlurmLedger.Load(results.Root);
        if (!ledger.Exists)
            throw new UserInputException($"{results.Root} has no slurm/jobs.json; slurm-finish runs as the finish job of `ablation run --executor slurm`");
        if (attempt < ledger.Submissions.Count)
        {
            output.WriteLine($"slurm-finish: attempt {attempt} is not the latest ({ledger.Submissions.Count}); the latest submission's finish job finishes the grid");
            return ExitCodes.Success;
        }
        var cells = results.ReadGridCells()
            ?? throw new UserInputException($"{results.GridFile} is missing or unreadable; it is written by `ablation run`");
        var submitted = ledger.Submissions.SelectMany(s => s.Cells).ToHashSet(StringComparer.Ordinal);
        var statuses = cells.Select(c => results.Cell(c.Id).ReadStatus() with { Design = c.Design, Seed = c.Seed }).ToList();

        var retry = new List<string>();
        var exhausted = new List<CellStatus>();
        foreach (var cell in statuses.Where(c => submitted.Contains(c.Id) && c.State != CellState.Done))
        {
            if (cell.State == CellState.Running) continue; // a live process holds it (e.g. a requeued task)
            if (ledger.Attempts(cell.Id) < ledger.Options.MaxAttempts) retry.Add(cell.Id);
            else exhausted.Add(cell);
        }
        if (retry.Count > 0)
        {
            client ??= new SlurmClient();
            var name = JobName(results.ReadGridName() ?? Path.GetFileName(results.Root));
            var (array, finish) = SubmitAttempt(results, ledger, retry, name, client);
            output.WriteLine($"slurm-finish: {retry.Count} cell(s) not done after attempt {attempt}; resubmitted as job array {array}, finish job {finish}");
            return ExitCodes.Success;
        }

        (writeReport ?? GridReport.Write)(results, output);
        int done = statuses.Count(c => c.State == CellState.Done);
        AtomicFile.WriteAllText(Path.Combine(ledger.Folder, "FINISHED"), string.Create(CultureInfo.InvariantCulture,
            $"{{\"finished\": \"{DateTime.UtcNow:O}\", \"cells\": {statuses.Count}, \"done\": {done}, \"failed\": {exhausted.Count}}}\n"));
        output.WriteLine($"slurm-finish: {done} of {statuses.Count} cells done; {exhausted.Count} failed after {ledger.Options.MaxAttempts} attempt(s)");
        foreach (var cell in exhausted) output.WriteLine($"  failed: {cell.Design} seed {cell.Seed} ({cell.Id}): {cell.Error ?? "no result"}");
        return exhausted.Count == 0 && done == statuses.Count ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary><c>ablation cancel &lt;results&gt;</c>: cancels every job submitted for the folder.</summary>
    public static int Cancel(string resultsRoot, TextWriter output, SlurmClient? client = null)
    {
        var results = new ResultsFolder(resultsRoot);
        var ledger = SlurmLedger.Load(results.Root);
        if (!ledger.Exists)
            throw new UserInputException($"{results.Root} has no slurm/jobs.json: nothing was submitted to Slurm for it (local runs stop with Ctrl-C)");
        client ??= new SlurmClient();
        var jobs = ledger.AllJobs().ToList();
        var live = client.Queue(jobs);
        client.Cancel(jobs);
        output.WriteLine($"cancel: {jobs.Count} job(s) of {results.Root} cancelled ({live.Count} task(s) were queued or running); finished cells are kept and an interrupted cell resumes from its checkpoint on the next `ablation run`");
        return ExitCodes.Success;
    }

    /// <summary>Cells whose latest array task is still in the queue (pending or running).</summary>
    public static HashSet<string> QueuedCells(SlurmLedger ledger, SlurmClient client)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (ledger.Submissions.Count == 0) return result;
        var queue = client.Queue(ledger.Submissions.Select(s => s.ArrayJob));
        var live = new HashSet<string>(queue.Keys, StringComparer.Ordinal);
        foreach (var submission in ledger.Submissions)
        {
            // squeue -r lists each array task as <job>_<index>; pending tasks may appear folded as <job>_[a-b%k].
            bool folded = queue.Keys.Any(k => k.StartsWith(submission.ArrayJob + "_[", StringComparison.Ordinal));
            for (int i = 0; i < submission.Cells.Count; i++)
                if (live.Contains($"{submission.ArrayJob}_{i}") || folded) result.Add(submission.Cells[i]);
        }
        return result;
    }

    private static (string Array, string Finish) SubmitAttempt(ResultsFolder results, SlurmLedger ledger, IReadOnlyList<string> cells,
        string jobName, SlurmClient client)
    {
        int attempt = ledger.Submissions.Count + 1;
        Directory.CreateDirectory(Path.Combine(ledger.Folder, "logs"));
        var cellsFile = CellsFile(ledger, attempt);
        AtomicFile.WriteAllText(cellsFile, string.Join("\n", cells) + "\n");
        var arrayScript = Path.Combine(ledger.Folder, $"array-{attempt}.sh");
        AtomicFile.WriteAllText(arrayScript, SbatchScript.Array(jobName, results.Root, cellsFile, cells.Count, ledger.Command, ledger.Options));
        var finishScript = Path.Combine(ledger.Folder, $"finish-{attempt}.sh");
        AtomicFile.WriteAllText(finishScript, SbatchScript.Finish(jobName, results.Root, ledger.Command, ledger.Options, attempt));
        var array = client.Submit(arrayScript);
        string finish;
        try
        {
            finish = client.Submit(finishScript, $"--dependency=afterany:{array}");
        }
        catch
        {
            client.Cancel([array]); // an array nobody finishes would leave the grid without retries or report
            throw;
        }
        ledger.Add(attempt, array, finish, cells);
        ledger.Save();
        return (array, finish);
    }

    private static string CellsFile(SlurmLedger ledger, int attempt) => Path.Combine(ledger.Folder, $"attempt-{attempt}.cells");

    /// <summary>Slurm job names: the grid name with anything but letters, digits, '-', '_' and '.' replaced.</summary>
    private static string JobName(string grid) => "ablation-" + new string(grid.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

}

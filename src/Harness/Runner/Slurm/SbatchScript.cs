using System.Text;

namespace Ablation.Harness.Runner.Slurm;

/// <summary>
/// The batch scripts the Slurm executor submits, as text (so they can be printed by <c>--dry-run</c>, kept in
/// the results folder for the record, and compared in tests). The array script maps
/// <c>SLURM_ARRAY_TASK_ID</c> i to line i + 1 of a cells file and runs the one-cell command on it, the same unit
/// the local workers run; the finish script runs after every array task has ended, whatever its exit code
/// (<c>afterany</c>: an <c>afterok</c> dependency on an array never recovers from one failed task).
/// </summary>
public static class SbatchScript
{
    /// <param name="jobName">Slurm job name (the grid's name).</param>
    /// <param name="resultsDir">Absolute results folder (on a file system every node sees).</param>
    /// <param name="cellsFile">Absolute path of the file listing one cell id per line.</param>
    /// <param name="cellCount">Lines in the cells file.</param>
    /// <param name="command">The <c>ablation</c> command line prefix, e.g. <c>dotnet /opt/ablation/ablation.dll</c>.</param>
    /// <param name="options">Resources and throttle.</param>
    public static string Array(string jobName, string resultsDir, string cellsFile, int cellCount, string command, SlurmOptions options)
    {
        if (cellCount < 1) throw new ArgumentOutOfRangeException(nameof(cellCount), "an array needs at least one cell");
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"#SBATCH --job-name={jobName}\n");
        s.Append($"#SBATCH --array=0-{cellCount - 1}{(options.MaxParallel is { } k ? $"%{k}" : "")}\n");
        s.Append($"#SBATCH --output={resultsDir}/slurm/logs/%A_%a.out\n");
        s.Append("#SBATCH --open-mode=append\n");          // a requeued task appends to its log
        s.Append("#SBATCH --requeue\n");                   // preemption / node failure: the task resumes its cell
        AppendResources(s, options);
        s.Append("set -euo pipefail\n");
        s.Append($"cell=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" {Quote(cellsFile)})\n");
        s.Append("echo \"ablation: array task ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname): cell ${cell}\"\n");
        s.Append($"exec {command} run-cell {Quote(resultsDir)}/cells/\"${{cell}}\"\n");
        return s.ToString();
    }

    /// <summary>The job that runs once every array task has ended: retries failed cells or writes the report.</summary>
    public static string Finish(string jobName, string resultsDir, string command, SlurmOptions options, int attempt)
    {
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append($"#SBATCH --job-name={jobName}-finish\n");
        s.Append($"#SBATCH --output={resultsDir}/slurm/logs/finish_%j.out\n");
        if (options.Partition is { } p) s.Append($"#SBATCH --partition={p}\n");
        if (options.Account is { } a) s.Append($"#SBATCH --account={a}\n");
        s.Append("#SBATCH --cpus-per-task=1\n");
        s.Append("set -euo pipefail\n");
        s.Append($"exec {command} slurm-finish {Quote(resultsDir)} --attempt {attempt}\n");
        return s.ToString();
    }

    private static void AppendResources(StringBuilder s, SlurmOptions o)
    {
        if (o.Partition is { } p) s.Append($"#SBATCH --partition={p}\n");
        if (o.Account is { } a) s.Append($"#SBATCH --account={a}\n");
        s.Append($"#SBATCH --cpus-per-task={o.CpusPerTask}\n");
        if (o.Mem is { } m) s.Append($"#SBATCH --mem={m}\n");
        if (o.Time is { } t) s.Append($"#SBATCH --time={t}\n");
        if (o.GpusPerTask is { } g and > 0) s.Append($"#SBATCH --gpus-per-task={g}\n");
        foreach (var extra in o.ExtraArgs) s.Append($"#SBATCH {extra}\n");
    }

    /// <summary>Single-quotes a path for bash (a quote inside becomes '\'').</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''") + "'";
}

namespace Ablation.Harness.Runner.Slurm;

/// <summary>
/// What <c>ablation run --executor slurm</c> asks the scheduler for, per array task (one task = one cell), and
/// how the grid is driven: at most <see cref="MaxParallel"/> cells at once (the array's <c>%K</c> throttle) and
/// at most <see cref="MaxAttempts"/> attempts per cell (Slurm does not retry a task that exits non-zero).
/// Null fields are left to the cluster's defaults.
/// </summary>
public sealed record SlurmOptions
{
    public string? Partition { get; init; }
    public string? Account { get; init; }
    public int CpusPerTask { get; init; } = 2;
    /// <summary>sbatch <c>--mem</c> syntax, e.g. <c>8G</c>.</summary>
    public string? Mem { get; init; }
    /// <summary>sbatch <c>--time</c> syntax, e.g. <c>04:00:00</c>.</summary>
    public string? Time { get; init; }
    public int? GpusPerTask { get; init; }
    public int? MaxParallel { get; init; }
    public int MaxAttempts { get; init; } = 3;
    /// <summary>Extra <c>#SBATCH</c> arguments, written verbatim, one per line (e.g. <c>--qos=long</c>).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Throws <see cref="UserInputException"/> naming the option when a value cannot work.</summary>
    public void Validate()
    {
        if (CpusPerTask < 1) throw new UserInputException($"--cpus-per-task must be at least 1, not {CpusPerTask}");
        if (GpusPerTask is < 0) throw new UserInputException($"--gpus-per-task must not be negative, not {GpusPerTask}");
        if (MaxParallel is < 1) throw new UserInputException($"--max-parallel must be at least 1, not {MaxParallel}");
        if (MaxAttempts < 1) throw new UserInputException($"--max-attempts must be at least 1, not {MaxAttempts}");
        if (Mem is { } m && !System.Text.RegularExpressions.Regex.IsMatch(m, "^[0-9]+[KMGT]?$"))
            throw new UserInputException($"--mem '{m}' is not a Slurm memory size; write e.g. 16G or 16000M");
        if (Time is { } t && !System.Text.RegularExpressions.Regex.IsMatch(t, @"^([0-9]+-)?[0-9]+(:[0-9]{2}){0,2}$"))
            throw new UserInputException($"--time '{t}' is not a Slurm time limit; write e.g. 04:00:00 or 1-12:00:00");
        foreach (var a in ExtraArgs)
            if (!a.StartsWith('-') || a.Contains('\n'))
                throw new UserInputException($"--sbatch-arg '{a}' must be one sbatch option starting with '-', e.g. --qos=long");
    }
}

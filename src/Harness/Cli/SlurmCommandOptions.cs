using System.CommandLine;
using Ablation.Harness.Runner.Slurm;

namespace Ablation.Harness.Cli;

/// <summary>
/// The options of <c>ablation run</c> that choose the executor and, for <c>--executor slurm</c>, what each array task
/// asks for. Slurm options given with the local executor are an error, not silently ignored.
/// </summary>
public sealed class SlurmCommandOptions
{
    private readonly ChoiceOption<ExecutorKind> _executor = new("--executor",
        "Where the cells run: local (worker processes on this machine) or slurm (a job array; see docs/slurm.md).", CliChoices.Executor, ExecutorKind.Local);
    private readonly Option<string?> _partition = new("--partition") { Description = "Slurm partition." };
    private readonly Option<string?> _account = new("--account") { Description = "Slurm account." };
    private readonly Option<int?> _cpus = new("--cpus-per-task") { Description = "CPUs per cell (default 2)." };
    private readonly Option<string?> _mem = new("--mem") { Description = "Memory per cell, Slurm syntax (e.g. 16G)." };
    private readonly Option<string?> _time = new("--time") { Description = "Time limit per cell, Slurm syntax (e.g. 04:00:00)." };
    private readonly Option<int?> _gpus = new("--gpus-per-task") { Description = "GPUs per cell." };
    private readonly Option<int?> _maxParallel = new("--max-parallel") { Description = "At most K cells at once (the array's %K throttle)." };
    private readonly Option<int?> _maxAttempts = new("--max-attempts") { Description = "Attempts per cell before it counts as failed (default 3)." };
    private readonly Option<string[]> _sbatchArgs = new("--sbatch-arg") { Description = "An extra sbatch option for the array (repeatable), e.g. --sbatch-arg=--qos=long.", AllowMultipleArgumentsPerToken = false };

    private IEnumerable<Option> SlurmOnly => [_partition, _account, _cpus, _mem, _time, _gpus, _maxParallel, _maxAttempts, _sbatchArgs];

    public void AddTo(Command command)
    {
        command.Options.Add(_executor);
        foreach (var option in SlurmOnly) command.Options.Add(option);
    }

    /// <summary>The executor; a Slurm option with the local executor is a user error naming it.</summary>
    public ExecutorKind Executor(ParseResult parse)
    {
        var executor = _executor.Get(parse);
        if (executor == ExecutorKind.Local)
            foreach (var option in SlurmOnly)
                if (parse.GetResult(option) is { Implicit: false })
                    throw new UserInputException($"{option.Name} applies to --executor slurm only; add --executor slurm or drop {option.Name}");
        return executor;
    }

    public SlurmOptions Options(ParseResult parse) => new()
    {
        Partition = parse.GetValue(_partition),
        Account = parse.GetValue(_account),
        CpusPerTask = parse.GetValue(_cpus) ?? 2,
        Mem = parse.GetValue(_mem),
        Time = parse.GetValue(_time),
        GpusPerTask = parse.GetValue(_gpus),
        MaxParallel = parse.GetValue(_maxParallel),
        MaxAttempts = parse.GetValue(_maxAttempts) ?? 3,
        ExtraArgs = parse.GetValue(_sbatchArgs) ?? [],
    };
}

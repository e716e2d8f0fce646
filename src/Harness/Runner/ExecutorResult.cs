namespace Ablation.Harness.Runner;

/// <summary>What a <see cref="LocalExecutor"/> run did with its queue, by cell id.</summary>
public sealed class ExecutorResult
{
    /// <summary>Cells this run's workers finished.</summary>
    public List<string> Finished { get; } = [];
    /// <summary>Cells found done by another process when their turn came.</summary>
    public List<string> DoneElsewhere { get; } = [];
    /// <summary>Cells whose worker failed, with the first line of the error.</summary>
    public Dictionary<string, string> Failed { get; } = [];
    /// <summary>Cells another live process was working on (left to it).</summary>
    public List<string> RunningElsewhere { get; } = [];
    /// <summary>Cells not finished because the run was interrupted.</summary>
    public List<string> Interrupted { get; } = [];
    public bool WasInterrupted { get; set; }
}

namespace Ablation.Harness.Cli;

/// <summary>Where <c>ablation run</c> runs the cells (<c>--executor</c>).</summary>
public enum ExecutorKind
{
    /// <summary>Worker processes on this machine.</summary>
    Local,

    /// <summary>A Slurm job array (docs/slurm.md).</summary>
    Slurm,
}

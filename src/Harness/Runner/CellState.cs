namespace Ablation.Harness.Runner;

/// <summary>Where a cell stands, as read from its folder.</summary>
public enum CellState
{
    /// <summary>No DONE, no live lock, no FAILED: to be run (resumed when it has a checkpoint).</summary>
    Pending,
    /// <summary>A live process holds its lock (or a process on another host, which cannot be checked).</summary>
    Running,
    /// <summary>The last attempt failed (FAILED exists) and nobody is working on it.</summary>
    Failed,
    /// <summary>DONE exists.</summary>
    Done,
}

namespace Ablation.Harness.Reporting;

/// <summary>Where a cell of the grid stands, read from its folder (results layout: DONE, FAILED, lock).</summary>
public enum CellState
{
    /// <summary>DONE exists: trained and evaluated.</summary>
    Done,
    /// <summary>FAILED exists and DONE does not.</summary>
    Failed,
    /// <summary>A lock file exists: some process is working on it.</summary>
    Running,
    /// <summary>Not started (or no folder yet).</summary>
    Pending,
}

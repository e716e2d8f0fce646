namespace Ablation.Harness.Runner;

/// <summary>One cell's state as read from disk by <see cref="CellFolder.ReadStatus"/>.</summary>
public sealed record CellStatus
{
    public required string Id { get; init; }
    public string? Design { get; init; }
    public int? Seed { get; init; }
    public required CellState State { get; init; }
    /// <summary>Running: who holds the lock.</summary>
    public LockOwner? Owner { get; init; }
    /// <summary>Failed: the first line of the error.</summary>
    public string? Error { get; init; }
    /// <summary>Training progress, when train-metrics.csv has rows.</summary>
    public CellProgress? Progress { get; init; }
    /// <summary>Done: seconds the finishing attempt took (DONE's "seconds").</summary>
    public double? Seconds { get; init; }
    /// <summary>Done: main score per task (metrics.json).</summary>
    public IReadOnlyDictionary<string, double?> MainScores { get; init; } = new Dictionary<string, double?>();
    /// <summary>Pending with saved training state: the next run resumes it.</summary>
    public bool HasCheckpoint { get; init; }
}

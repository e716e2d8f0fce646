namespace Ablation.Harness.Runner;

/// <summary>Whether the process that wrote a lock still runs.</summary>
public enum LockLiveness
{
    /// <summary>The owner runs on this host.</summary>
    Alive,
    /// <summary>The owner was on this host and no longer runs: the lock is stale.</summary>
    Dead,
    /// <summary>The owner is on another host; it cannot be checked from here, so the lock is respected.</summary>
    OtherHost,
}

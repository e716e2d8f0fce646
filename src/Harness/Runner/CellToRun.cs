namespace Ablation.Harness.Runner;

/// <summary>One cell of a grid: its id (hash of the resolved config), design, seed and config.json text.</summary>
public sealed record CellToRun(string Id, string Design, int Seed, string ConfigJson);

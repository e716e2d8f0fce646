namespace Ablation.Harness.Reporting;

/// <summary>One cell of a results folder: its design, seed, folder and state (with the first error line when it failed).</summary>
public sealed record GridCell(string Id, string Design, long Seed, string Folder, CellState State, string? Error);

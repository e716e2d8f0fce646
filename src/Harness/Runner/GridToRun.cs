using System.Text.Json.Nodes;

namespace Ablation.Harness.Runner;

/// <summary>
/// What the runner needs of a validated grid: its name, where it came from, the designs and the cells (one per
/// design × seed, with the id and the canonical config.json text the grid reader computed).
/// </summary>
public sealed record GridToRun
{
    public required string Name { get; init; }
    /// <summary>Path of the grid file, as given.</summary>
    public required string Source { get; init; }
    /// <summary>The baseline design's name, or null.</summary>
    public string? Baseline { get; init; }
    /// <summary>Design name → its settings (dotted name → value), as grid.json records them.</summary>
    public JsonObject Designs { get; init; } = [];
    /// <summary>The grid's evaluation settings, recorded in grid.json.</summary>
    public JsonNode? Evaluation { get; init; }
    public required IReadOnlyList<CellToRun> Cells { get; init; }
    /// <summary>grid.json as the grid reader writes it; null = composed from the members above.</summary>
    public string? GridJson { get; init; }
}

using System.Text.Json.Nodes;
using Ablation.Harness.Grid;

namespace Ablation.Harness.Runner;

/// <summary>A grid file as the runner sees it: <see cref="GridFile.Load"/> validates and expands it.</summary>
public static class GridLoader
{
    public static GridToRun Load(string path) => From(GridFile.Load(path));

    public static GridToRun From(GridPlan plan)
    {
        string gridJson = plan.ToGridJson();
        var root = JsonNode.Parse(gridJson)!;
        return new GridToRun
        {
            Name = plan.Name,
            Source = plan.SourcePath,
            Baseline = plan.Baseline?.Name,
            Designs = (JsonObject)root["designs"]!.DeepClone(),
            Evaluation = root["evaluation"]?.DeepClone(),
            Cells = plan.Cells.Select(c => new CellToRun(c.Id, c.Design, c.Seed, c.ConfigJson)).ToList(),
            GridJson = gridJson,
        };
    }
}

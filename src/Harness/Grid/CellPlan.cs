using System.Text.Json.Nodes;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Grid;

/// <summary>
/// One cell of a grid: a design trained with one seed. <see cref="ConfigJson"/> is the canonical JSON of
/// <see cref="Spec"/> (the cell's <c>config.json</c>); <see cref="Id"/> is its hash, so the same configuration
/// gets the same id on any machine and any changed value gets a new one.
/// </summary>
public sealed record CellPlan(string Id, string Design, int Seed, ModelSpec Spec, string ConfigJson)
{
    /// <summary>The cell's <c>cell.json</c> (docs/results-layout.md).</summary>
    public string ToCellJson(string grid) =>
        new JsonObject { ["format"] = 1, ["id"] = Id, ["design"] = Design, ["seed"] = Seed, ["grid"] = grid }
            .ToJsonString(GridPlan.JsonOptions) + "\n";
}

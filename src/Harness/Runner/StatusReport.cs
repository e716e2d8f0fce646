using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ablation.Harness.Runner;

/// <summary>
/// <c>ablation status</c>: every cell of a results folder (those grid.json lists, then any other cell folder on
/// disk) with design, seed, state, progress, the first line of its error when failed, and main scores when done.
/// </summary>
public sealed class StatusReport
{
    private StatusReport(ResultsFolder results, string? gridName, IReadOnlyList<(CellStatus Cell, bool InGrid)> cells)
    {
        Results = results;
        GridName = gridName;
        Cells = cells;
    }

    public ResultsFolder Results { get; }
    public string? GridName { get; }
    public IReadOnlyList<(CellStatus Cell, bool InGrid)> Cells { get; }

    public static StatusReport Read(string folder)
    {
        var results = new ResultsFolder(folder);
        if (!Directory.Exists(results.Root))
            throw new UserInputException($"results folder {results.Root} does not exist; give the --out folder of `ablation run` (default results/<grid name>)");
        var listed = results.ReadGridCells();
        if (listed is null && !Directory.Exists(results.CellsFolder))
            throw new UserInputException($"{results.Root} has neither grid.json nor cells/; give the --out folder of `ablation run`");
        var cells = new List<(CellStatus, bool)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, design, seed) in listed ?? [])
        {
            cells.Add((results.Cell(id).ReadStatus() with { Design = design, Seed = seed }, true));
            seen.Add(id);
        }
        foreach (var id in results.CellIdsOnDisk().Where(id => !seen.Contains(id)))
            cells.Add((results.Cell(id).ReadStatus(), listed is null));
        return new StatusReport(results, results.ReadGridName(), cells);
    }

    public int Count(CellState state) => Cells.Count(c => c.InGrid && c.Cell.State == state);

    public void WriteText(TextWriter output)
    {
        var inGrid = Cells.Where(c => c.InGrid).ToList();
        output.WriteLine($"{Results.Root}{(GridName != null ? $" (grid {GridName})" : "")}: {inGrid.Count} cells: " +
                         $"{Count(CellState.Done)} done, {Count(CellState.Running)} running, {Count(CellState.Failed)} failed, {Count(CellState.Pending)} pending");
        if (Cells.Count == 0) return;
        int designWidth = Math.Max(6, Cells.Max(c => (c.Cell.Design ?? "?").Length));
        int idWidth = Math.Max(4, Cells.Max(c => c.Cell.Id.Length));
        output.WriteLine($"  {"cell".PadRight(idWidth)}  {"design".PadRight(designWidth)}  seed  {"state",-8}  detail");
        foreach (var (cell, member) in Cells)
        {
            output.WriteLine($"  {cell.Id.PadRight(idWidth)}  {(cell.Design ?? "?").PadRight(designWidth)}  {cell.Seed?.ToString(CultureInfo.InvariantCulture) ?? "?",4}  " +
                             $"{cell.State.ToString().ToLowerInvariant(),-8}  {Detail(cell)}{(member ? "" : " [not in grid.json]")}");
            if (cell.State == CellState.Done && cell.MainScores.Count > 0)
                output.WriteLine("      " + string.Join("  ", cell.MainScores.Select(s => $"{s.Key} {Score(s.Value)}")));
        }
    }

    public void WriteJson(TextWriter output)
    {
        var cells = new JsonArray();
        foreach (var (cell, member) in Cells)
        {
            var scores = new JsonObject();
            foreach (var (task, score) in cell.MainScores) scores[task] = score;
            cells.Add(new JsonObject
            {
                ["id"] = cell.Id,
                ["design"] = cell.Design,
                ["seed"] = cell.Seed,
                ["state"] = cell.State.ToString().ToLowerInvariant(),
                ["in_grid"] = member,
                ["error"] = cell.Error,
                ["owner"] = cell.Owner is { } o ? JsonNode.Parse(o.ToJson()) : null,
                ["progress"] = cell.Progress is { } p ? new JsonObject { ["stage"] = p.Stage, ["step"] = p.Step, ["stage_steps"] = p.StageSteps, ["stage_index"] = p.StageIndex, ["stage_count"] = p.StageCount } : null,
                ["has_checkpoint"] = cell.HasCheckpoint,
                ["seconds"] = cell.Seconds,
                ["main_scores"] = scores,
            });
        }
        var root = new JsonObject
        {
            ["results"] = Results.Root,
            ["grid"] = GridName,
            ["counts"] = new JsonObject
            {
                ["done"] = Count(CellState.Done), ["running"] = Count(CellState.Running),
                ["failed"] = Count(CellState.Failed), ["pending"] = Count(CellState.Pending),
            },
            ["cells"] = cells,
        };
        output.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Detail(CellStatus cell) => cell.State switch
    {
        CellState.Done => $"{cell.MainScores.Count} tasks, mean main score {Score(cell.MainScores.Count > 0 && cell.MainScores.Values.All(v => v != null) ? cell.MainScores.Values.Average(v => v!.Value) : null)}"
                          + (cell.Seconds is { } s ? ", " + s.ToString("F1", CultureInfo.InvariantCulture) + " s" : ""),
        CellState.Running => $"{cell.Owner!.Describe()}{(cell.Progress != null ? "; " + cell.Progress : "")}",
        CellState.Failed => cell.Error ?? "",
        _ => cell.Progress != null ? $"partial: {cell.Progress}" : cell.HasCheckpoint ? "partial: checkpoint saved" : "",
    };

    private static string Score(double? value) => value is { } v ? v.ToString("F4", CultureInfo.InvariantCulture) : "—";
}

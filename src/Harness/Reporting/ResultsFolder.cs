using Ablation.Harness.Evaluation.Results;
using System.Text.Json;

namespace Ablation.Harness.Reporting;

/// <summary>
/// A grid's results folder as the report sees it (docs/results-layout.md): the cells that grid.json lists (or, when
/// there is no grid.json, the cells found under cells/), each with its state, and the tasks the done cells evaluated.
/// Reads only; never trains or evaluates.
/// </summary>
public sealed class ResultsFolder
{
    public required string Path { get; init; }
    public required string Name { get; init; }

    /// <summary>Baseline design named by grid.json (null when it names none).</summary>
    public string? GridBaseline { get; init; }

    /// <summary>Designs in grid.json order (then any design found only in a cell).</summary>
    public required IReadOnlyList<string> Designs { get; init; }

    public required IReadOnlyList<GridCell> Cells { get; init; }

    /// <summary>Tasks evaluated by at least one done cell, in the order first met.</summary>
    public required IReadOnlyList<TaskInfo> Tasks { get; init; }

    /// <summary>For each done cell, the tasks its metrics.json lists (name → main score as written there).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> CellMainScores { get; init; }

    public IEnumerable<GridCell> Done => Cells.Where(c => c.State == CellState.Done);
    public IEnumerable<GridCell> Missing => Cells.Where(c => c.State != CellState.Done);

    public static ResultsFolder Open(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(path))
            throw new UserInputException($"{path}: results folder not found; give the folder a grid run wrote (it holds grid.json and cells/)");
        string gridFile = System.IO.Path.Combine(path, "grid.json");
        string cellsDir = System.IO.Path.Combine(path, "cells");
        if (!File.Exists(gridFile) && !Directory.Exists(cellsDir))
            throw new UserInputException($"{path}: neither grid.json nor cells/ found; give a grid's results folder (e.g. results/quickstart)");

        string name = System.IO.Path.GetFileName(path.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string? baseline = null;
        var designs = new List<string>();
        var listed = new List<(string Id, string Design, long Seed)>();
        if (File.Exists(gridFile))
        {
            using var grid = ParseJson(gridFile);
            var root = grid.RootElement;
            if (root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String) name = n.GetString()!;
            if (root.TryGetProperty("baseline", out var b) && b.ValueKind == JsonValueKind.String) baseline = b.GetString();
            if (root.TryGetProperty("designs", out var d) && d.ValueKind == JsonValueKind.Object)
                foreach (var p in d.EnumerateObject()) designs.Add(p.Name);
            if (!root.TryGetProperty("cells", out var cells) || cells.ValueKind != JsonValueKind.Array)
                throw new UserInputException($"{gridFile}: no \"cells\" array; the grid runner writes one entry {{\"id\", \"design\", \"seed\"}} per cell");
            int index = 0;
            foreach (var cell in cells.EnumerateArray())
            {
                listed.Add((Str(cell, "id", gridFile, $"$.cells[{index}]"), Str(cell, "design", gridFile, $"$.cells[{index}]"),
                    Seed(cell, gridFile, $"$.cells[{index}]")));
                index++;
            }
        }
        else
        {
            foreach (var dir in Directory.GetDirectories(cellsDir).Order(StringComparer.Ordinal))
            {
                string cellJson = System.IO.Path.Combine(dir, "cell.json");
                if (!File.Exists(cellJson)) continue;
                using var doc = ParseJson(cellJson);
                listed.Add((System.IO.Path.GetFileName(dir), Str(doc.RootElement, "design", cellJson, "$"), Seed(doc.RootElement, cellJson, "$")));
            }
            if (listed.Count == 0) throw new UserInputException($"{cellsDir}: no cell folder holds a cell.json; nothing to report");
        }
        foreach (var (_, design, _) in listed) if (!designs.Contains(design)) designs.Add(design);

        var gridCells = new List<GridCell>();
        var tasks = new List<TaskInfo>();
        var mainScores = new Dictionary<string, IReadOnlyDictionary<string, double?>>();
        foreach (var (id, design, seed) in listed)
        {
            string folder = System.IO.Path.Combine(cellsDir, id);
            var (state, error) = StateOf(folder);
            if (state == CellState.Done)
            {
                string metricsFile = System.IO.Path.Combine(folder, "metrics.json");
                if (!File.Exists(metricsFile))
                    (state, error) = (CellState.Failed, "DONE but no metrics.json (evaluation output missing)");
                else
                    mainScores[id] = ReadMetrics(metricsFile, tasks);
            }
            gridCells.Add(new GridCell(id, design, seed, folder, state, error));
        }
        return new ResultsFolder
        {
            Path = path, Name = name, GridBaseline = baseline, Designs = designs, Cells = gridCells, Tasks = tasks, CellMainScores = mainScores,
        };
    }

    private static (CellState, string?) StateOf(string folder)
    {
        if (File.Exists(System.IO.Path.Combine(folder, "DONE"))) return (CellState.Done, null);
        string failed = System.IO.Path.Combine(folder, "FAILED");
        if (File.Exists(failed))
        {
            string? message = null;
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(failed));
                if (doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String) message = e.GetString();
            }
            catch (JsonException) { message = "FAILED file is not valid JSON"; }
            return (CellState.Failed, message ?? "failed (no error message)");
        }
        if (File.Exists(System.IO.Path.Combine(folder, "lock"))) return (CellState.Running, null);
        return (CellState.Pending, null);
    }

    private static Dictionary<string, double?> ReadMetrics(string file, List<TaskInfo> tasks)
    {
        var scores = new Dictionary<string, double?>();
        foreach (var t in MetricsFile.Read(file).Tasks)
        {
            string where = $"$.tasks.{t.Name}";
            var info = new TaskInfo(t.Name, t.Type, t.MainScoreName, t.Unit, t.ScoresFile, t.Decomposable.Contains(t.MainScoreName));
            var known = tasks.FirstOrDefault(x => x.Name == info.Name);
            if (known is null) tasks.Add(info);
            else if (known with { ScoresFile = info.ScoresFile } != info)
                throw new UserInputException(
                    $"{file} {where}: task '{info.Name}' is a {info.Type} task scored by {info.MainScore} (unit {info.Unit}) here but {known.Type}/{known.MainScore}/{known.Unit} in another cell; evaluate every cell with the same suite");
            scores[t.Name] = t.MainScore;
        }
        return scores;
    }

    private static JsonDocument ParseJson(string file)
    {
        try { return JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new UserInputException($"{file} line {e.LineNumber + 1}: not valid JSON ({e.Message.Split('.')[0]}); rewrite or delete the file"); }
    }

    private static string Str(JsonElement e, string key, string file, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new UserInputException($"{file} {where}.{key}: missing or not a string; the results layout (docs/results-layout.md) requires it");

    private static long Seed(JsonElement e, string file, string where) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("seed", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long s)
            ? s
            : throw new UserInputException($"{file} {where}.seed: missing or not an integer; every cell has an integer seed");
}

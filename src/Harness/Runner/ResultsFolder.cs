using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Harness.IO;

namespace Ablation.Harness.Runner;

/// <summary>A grid's results folder (docs/results-layout.md): grid.json and cells/&lt;cell-id&gt;/.</summary>
public sealed class ResultsFolder
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public ResultsFolder(string root) => Root = Path.GetFullPath(root);

    public string Root { get; }
    public string GridFile => Path.Combine(Root, "grid.json");
    public string CellsFolder => Path.Combine(Root, "cells");

    public CellFolder Cell(string id) => new(Path.Combine(CellsFolder, id));

    /// <summary>
    /// Writes grid.json (the grid as run now) and, for every cell, cell.json and config.json when missing. An
    /// existing config.json is never rewritten: the cell id is the hash of the config, so it can only differ in
    /// formatting, and the results beside it were made from the one on disk.
    /// </summary>
    public void Write(GridToRun grid)
    {
        foreach (var cell in grid.Cells)
        {
            var folder = Cell(cell.Id);
            Directory.CreateDirectory(folder.Path);
            if (!File.Exists(folder.ConfigFile)) AtomicFile.WriteAllText(folder.ConfigFile, cell.ConfigJson.TrimEnd() + "\n");
            var identity = new JsonObject { ["format"] = 1, ["id"] = cell.Id, ["design"] = cell.Design, ["seed"] = cell.Seed, ["grid"] = grid.Name };
            string text = identity.ToJsonString(Indented) + "\n";
            if (!File.Exists(folder.CellFile) || File.ReadAllText(folder.CellFile) != text) AtomicFile.WriteAllText(folder.CellFile, text);
        }
        if (grid.GridJson != null)
        {
            AtomicFile.WriteAllText(GridFile, grid.GridJson);
            return;
        }
        var root = new JsonObject
        {
            ["format"] = 1,
            ["name"] = grid.Name,
            ["source"] = grid.Source,
            ["baseline"] = grid.Baseline,
            ["designs"] = grid.Designs.DeepClone(),
            ["cells"] = new JsonArray(grid.Cells.Select(c => (JsonNode?)new JsonObject { ["id"] = c.Id, ["design"] = c.Design, ["seed"] = c.Seed }).ToArray()),
            ["evaluation"] = grid.Evaluation?.DeepClone(),
        };
        AtomicFile.WriteAllText(GridFile, root.ToJsonString(Indented) + "\n");
    }

    /// <summary>Ids of the cell folders on disk (with a config.json), sorted.</summary>
    public IReadOnlyList<string> CellIdsOnDisk() => !Directory.Exists(CellsFolder)
        ? []
        : Directory.EnumerateDirectories(CellsFolder)
            .Where(d => File.Exists(Path.Combine(d, "config.json")))
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();

    /// <summary>The cells grid.json lists (id, design, seed) in its order, or null when there is no readable grid.json.</summary>
    public IReadOnlyList<(string Id, string Design, int Seed)>? ReadGridCells()
    {
        try
        {
            if (!File.Exists(GridFile) || JsonNode.Parse(File.ReadAllText(GridFile)) is not JsonObject grid || grid["cells"] is not JsonArray cells)
                return null;
            return cells.OfType<JsonObject>()
                .Select(c => (c["id"]!.GetValue<string>(), c["design"]!.GetValue<string>(), c["seed"]!.GetValue<int>())).ToList();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>grid.json's name, or null.</summary>
    public string? ReadGridName()
    {
        try { return File.Exists(GridFile) ? JsonNode.Parse(File.ReadAllText(GridFile))?["name"]?.GetValue<string>() : null; }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }
}

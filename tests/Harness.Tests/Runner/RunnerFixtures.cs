using System.Text.Json.Nodes;
using Ablation.Harness.Runner;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Runner;

/// <summary>
/// Small grids for runner tests: untrained designs of builtin:tiny-base (<c>stages: []</c>) evaluated on two tasks
/// of the committed tiny suite, so a cell takes a few seconds and needs no training.
/// </summary>
internal static class RunnerFixtures
{
    public static string TinySuite => RepoPaths.Fixture("evaluation", "tiny-suite");

    public static readonly string[] Tasks = ["TinySTS", "TinyClustering"];

    /// <summary>A zero-shot design: pooling × attention of the tiny base (or of <paramref name="baseModel"/>), no training.</summary>
    public static (string Design, JsonObject Settings) Design(string pooling, string attention, string? baseModel = null)
    {
        var settings = new JsonObject { ["pooling"] = pooling, ["attention"] = attention, ["stages"] = new JsonArray() };
        if (baseModel != null) settings["base.model"] = baseModel;
        return ($"{pooling}-{attention}{(baseModel is null ? "" : "-broken")}", settings);
    }

    /// <summary>
    /// Writes a grid file (designs × seeds on the 2-task tiny suite) into a temporary folder and loads it with the
    /// grid reader, as <c>ablation run</c> does.
    /// </summary>
    public static GridToRun MakeGrid(string name, IEnumerable<(string Design, JsonObject Settings)> designs, params int[] seeds) =>
        GridLoader.Load(WriteGrid(name, designs, seeds));

    /// <summary>The grid file of <see cref="MakeGrid"/>; returns its path.</summary>
    public static string WriteGrid(string name, IEnumerable<(string Design, JsonObject Settings)> designs, int[] seeds, string? folder = null,
        JsonObject? defaults = null)
    {
        var designObject = new JsonObject();
        foreach (var (design, settings) in designs) designObject[design] = settings.DeepClone();
        var grid = new JsonObject
        {
            ["name"] = name,
            ["base"] = new JsonObject { ["model"] = "builtin:tiny-base" },
            ["data"] = new JsonObject { ["eval_suite"] = TinySuite },
            ["designs"] = designObject,
            ["axes"] = new JsonObject { ["seed"] = new JsonArray(seeds.Select(x => (JsonNode?)x).ToArray()) },
            ["evaluation"] = new JsonObject { ["tasks"] = new JsonArray(Tasks.Select(t => (JsonNode?)t).ToArray()) },
        };
        if (defaults != null) grid["defaults"] = defaults;
        string path = Path.Combine(folder ?? TempFolder(), name + ".json");
        File.WriteAllText(path, grid.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "ablation-runner-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>How many times a worker started on the cell (its "start pid" lines in run.log).</summary>
    public static int Starts(string results, string id)
    {
        string log = Path.Combine(results, "cells", id, "run.log");
        return File.Exists(log) ? File.ReadLines(log).Count(l => l.Contains(" start pid ", StringComparison.Ordinal)) : 0;
    }

    /// <summary>Runs a grid in-process (workers are real child processes).</summary>
    public static (int Code, string Out) Run(GridToRun grid, RunRequest request, CancellationToken cancel = default)
    {
        var output = new StringWriter();
        int code = GridRunner.Run(grid, request, TextWriter.Synchronized(output), cancel);
        return (code, output.ToString());
    }
}

using System.Security.Cryptography;
using System.Text;
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

    /// <summary>A zero-shot design: pooling × attention of the tiny base.</summary>
    public static (string Design, JsonObject Settings) Design(string pooling, string attention, string? baseModel = null) =>
        ($"{pooling}-{attention}{(baseModel is null ? "" : "-broken")}", new JsonObject
        {
            ["base"] = new JsonObject { ["model"] = baseModel ?? "builtin:tiny-base" },
            ["data"] = new JsonObject { ["eval_suite"] = TinySuite },
            ["pooling"] = pooling,
            ["attention"] = attention,
            ["stages"] = new JsonArray(),
            ["evaluation"] = new JsonObject { ["tasks"] = new JsonArray(Tasks.Select(t => (JsonNode?)t).ToArray()) },
        });

    /// <summary>One cell per design × seed; the id is a hash of the config (as the grid reader's is).</summary>
    public static GridToRun Grid(string name, IEnumerable<(string Design, JsonObject Settings)> designs, params int[] seeds)
    {
        var cells = new List<CellToRun>();
        var designObject = new JsonObject();
        foreach (var (design, settings) in designs)
        {
            designObject[design] = settings.DeepClone();
            foreach (int seed in seeds)
            {
                var config = (JsonObject)settings.DeepClone();
                config["seed"] = seed;
                string json = config.ToJsonString();
                cells.Add(new CellToRun(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..12], design, seed, json));
            }
        }
        return new GridToRun { Name = name, Source = $"{name}.json", Designs = designObject, Cells = cells };
    }

    public static string TempFolder()
    {
        string path = Path.Combine(Path.GetTempPath(), "ablation-runner-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>How many times a worker started on the cell (its "start pid" lines in train.log).</summary>
    public static int Starts(string results, string id)
    {
        string log = Path.Combine(results, "cells", id, "train.log");
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

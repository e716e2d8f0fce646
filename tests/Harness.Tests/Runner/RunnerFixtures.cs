using System.Text.Json.Nodes;
using Ablation.Harness.Runner;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Runner;

/// <summary>
/// Small grids for runner tests: designs of builtin:tiny-base trained for a few contrastive steps on a 48-pair JSONL
/// file and evaluated on two tasks of the committed tiny suite, so a cell takes seconds.
/// </summary>
internal static class RunnerFixtures
{
    public static string TinySuite => RepoPaths.Fixture("evaluation", "tiny-suite");

    public static readonly string[] Tasks = ["TinySTS", "TinyClustering"];

    /// <summary>Contrastive steps of every test cell.</summary>
    public const int Steps = 4;

    /// <summary>A design: pooling × attention of the tiny base (or of <paramref name="baseModel"/>).</summary>
    public static (string Design, JsonObject Settings) Design(string pooling, string attention, string? baseModel = null)
    {
        var settings = new JsonObject { ["pooling"] = pooling, ["attention"] = attention };
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
        JsonObject? defaults = null, string? baseline = null)
    {
        var designObject = new JsonObject();
        foreach (var (design, settings) in designs) designObject[design] = settings.DeepClone();
        var grid = new JsonObject
        {
            ["name"] = name,
            ["base"] = new JsonObject { ["model"] = "builtin:tiny-base" },
            ["data"] = new JsonObject { ["train"] = TrainingPairs, ["eval_suite"] = TinySuite },
            ["defaults"] = defaults ?? new JsonObject
            {
                ["contrastive"] = new JsonObject { ["steps"] = Steps, ["batch"] = 4, ["warmup_steps"] = 1, ["checkpoint_every"] = 1 },
            },
            ["designs"] = designObject,
            ["axes"] = new JsonObject { ["seed"] = new JsonArray(seeds.Select(x => (JsonNode?)x).ToArray()) },
            ["evaluation"] = new JsonObject { ["tasks"] = new JsonArray(Tasks.Select(t => (JsonNode?)t).ToArray()) },
        };
        if (baseline != null) grid["baseline"] = baseline;
        string path = Path.Combine(folder ?? TempFolder(), name + ".json");
        File.WriteAllText(path, grid.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static readonly Lazy<string> Pairs = new(() =>
    {
        // query / positive / hard negative records (docs/training-data.md); made up, deterministic.
        string[] things = ["river", "mountain", "violin", "teacher", "engine", "garden", "winter", "market", "letter", "island", "candle", "doctor"];
        string[] kinds = ["a kind of", "a part of", "used for", "found near"];
        var lines = new List<string>();
        for (int i = 0; i < 48; i++)
        {
            string thing = things[i % things.Length], kind = kinds[i / things.Length];
            var record = new JsonObject
            {
                ["query"] = $"what is {kind} {thing}",
                ["positive"] = $"{thing}: something {kind} {things[(i + 1) % things.Length]}",
                ["negative"] = $"{things[(i + 5) % things.Length]}: something {kinds[(i + 1) % kinds.Length]} {thing}",
            };
            lines.Add(record.ToJsonString());
        }
        string path = Path.Combine(TempFolder(), "pairs.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    });

    /// <summary>A small JSONL training file.</summary>
    public static string TrainingPairs => Pairs.Value;

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

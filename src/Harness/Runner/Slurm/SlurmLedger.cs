using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Harness.IO;

namespace Ablation.Harness.Runner.Slurm;

/// <summary>
/// <c>&lt;results&gt;/slurm/jobs.json</c>: what was submitted for this results folder — the grid file, the options
/// (so the finish job can resubmit failed cells the same way), and every submission (attempt number, array job id,
/// finish job id, the cells in array order). It maps cells to array tasks for <c>ablation status</c> and names the
/// jobs <c>ablation cancel</c> cancels. The results folder, not this file, says whether a cell is done.
/// </summary>
public sealed class SlurmLedger
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public SlurmLedger(string resultsRoot) => Folder = Path.Combine(resultsRoot, "slurm");

    public string Folder { get; }
    public string File => Path.Combine(Folder, "jobs.json");
    public bool Exists => System.IO.File.Exists(File);

    public sealed record Submission(int Attempt, string ArrayJob, string FinishJob, IReadOnlyList<string> Cells, string Submitted);

    public string GridSource { get; private set; } = "";
    public SlurmOptions Options { get; private set; } = new();
    public string Command { get; private set; } = "";
    public List<Submission> Submissions { get; } = [];

    public static SlurmLedger Load(string resultsRoot)
    {
        var ledger = new SlurmLedger(resultsRoot);
        if (!ledger.Exists) return ledger;
        JsonObject root;
        try
        {
            root = JsonNode.Parse(System.IO.File.ReadAllText(ledger.File)) as JsonObject
                   ?? throw new InvalidDataException($"{ledger.File}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ledger.File}: unreadable ({e.Message}); it is written only by `ablation run --executor slurm`", e);
        }
        ledger.GridSource = root["grid"]?.GetValue<string>() ?? "";
        ledger.Command = root["command"]?.GetValue<string>() ?? "";
        if (root["options"] is JsonObject o)
            ledger.Options = new SlurmOptions
            {
                Partition = o["partition"]?.GetValue<string>(),
                Account = o["account"]?.GetValue<string>(),
                CpusPerTask = o["cpus_per_task"]?.GetValue<int>() ?? 2,
                Mem = o["mem"]?.GetValue<string>(),
                Time = o["time"]?.GetValue<string>(),
                GpusPerTask = o["gpus_per_task"]?.GetValue<int?>(),
                MaxParallel = o["max_parallel"]?.GetValue<int?>(),
                MaxAttempts = o["max_attempts"]?.GetValue<int>() ?? 3,
                ExtraArgs = (o["sbatch_args"] as JsonArray)?.Select(a => a!.GetValue<string>()).ToList() ?? [],
            };
        foreach (var s in (root["submissions"] as JsonArray ?? []).OfType<JsonObject>())
            ledger.Submissions.Add(new Submission(
                s["attempt"]!.GetValue<int>(), s["array_job"]!.GetValue<string>(), s["finish_job"]!.GetValue<string>(),
                (s["cells"] as JsonArray ?? []).Select(c => c!.GetValue<string>()).ToList(), s["submitted"]?.GetValue<string>() ?? ""));
        return ledger;
    }

    public void Configure(string gridSource, SlurmOptions options, string command)
    {
        GridSource = gridSource;
        Options = options;
        Command = command;
    }

    public void Add(int attempt, string arrayJob, string finishJob, IReadOnlyList<string> cells) =>
        Submissions.Add(new Submission(attempt, arrayJob, finishJob, cells, DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)));

    /// <summary>Attempts submitted so far for <paramref name="cellId"/>.</summary>
    public int Attempts(string cellId) => Submissions.Count(s => s.Cells.Contains(cellId));

    /// <summary>The latest array task that runs <paramref name="cellId"/>: Slurm's id <c>&lt;job&gt;_&lt;index&gt;</c>.</summary>
    public string? LatestTask(string cellId)
    {
        for (int i = Submissions.Count - 1; i >= 0; i--)
        {
            int index = IndexOf(Submissions[i].Cells, cellId);
            if (index >= 0) return $"{Submissions[i].ArrayJob}_{index}";
        }
        return null;
    }

    /// <summary>Every job id submitted (arrays and finish jobs).</summary>
    public IEnumerable<string> AllJobs() => Submissions.SelectMany(s => new[] { s.ArrayJob, s.FinishJob });

    public void Save()
    {
        Directory.CreateDirectory(Folder);
        var root = new JsonObject
        {
            ["format"] = 1,
            ["grid"] = GridSource,
            ["command"] = Command,
            ["options"] = new JsonObject
            {
                ["partition"] = Options.Partition,
                ["account"] = Options.Account,
                ["cpus_per_task"] = Options.CpusPerTask,
                ["mem"] = Options.Mem,
                ["time"] = Options.Time,
                ["gpus_per_task"] = Options.GpusPerTask,
                ["max_parallel"] = Options.MaxParallel,
                ["max_attempts"] = Options.MaxAttempts,
                ["sbatch_args"] = new JsonArray(Options.ExtraArgs.Select(a => (JsonNode?)a).ToArray()),
            },
            ["submissions"] = new JsonArray(Submissions.Select(s => (JsonNode?)new JsonObject
            {
                ["attempt"] = s.Attempt,
                ["array_job"] = s.ArrayJob,
                ["finish_job"] = s.FinishJob,
                ["cells"] = new JsonArray(s.Cells.Select(c => (JsonNode?)c).ToArray()),
                ["submitted"] = s.Submitted,
            }).ToArray()),
        };
        AtomicFile.WriteAllText(File, root.ToJsonString(Indented) + "\n");
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}

using System.Text.Json.Nodes;
using Ablation.Harness.IO;
using Ablation.Harness.IO.Settings;

namespace Ablation.Harness.Evaluation.Results;

/// <summary>One task's entry in <c>metrics.json</c> (see docs/results-layout.md for every field).</summary>
public sealed record MetricsTask
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public string Split { get; init; } = "test";
    public required string MainScoreName { get; init; }
    /// <summary>Null where the score is undefined (NaN is written as null).</summary>
    public double? MainScore { get; init; }
    /// <summary>What one row of the scores file is (query, pair, item ...).</summary>
    public required string Unit { get; init; }
    public int Items { get; init; }
    public int DroppedItems { get; init; }
    /// <summary>The per-item scores file, relative to the folder of metrics.json.</summary>
    public required string ScoresFile { get; init; }
    /// <summary>Aggregate keys that are the mean of the scores file's column of the same name.</summary>
    public IReadOnlyList<string> Decomposable { get; init; } = [];
    public double EvaluationTime { get; init; }
    /// <summary>Every aggregate score in report order (null where undefined).</summary>
    public IReadOnlyList<KeyValuePair<string, double?>> Scores { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// <c>metrics.json</c>, the summary <c>ablation eval</c> and every grid cell write beside their scores: the one
/// reader and writer of the file. Every place that reads it (eval's merge and ownership check, status, the runner's
/// summary, the report) goes through <see cref="Read"/>, so a file of a newer format is one clear error everywhere.
/// Files written before the <c>format</c> field existed read as format 1.
/// </summary>
public sealed record MetricsFile
{
    public const string FileName = "metrics.json";

    /// <summary>Bumped when a field changes meaning or a required field is added.</summary>
    public const int CurrentFormat = 1;

    public int Format { get; init; } = CurrentFormat;
    /// <summary>The model the scores belong to (the evaluated encoder's id); a folder holds one model's results.</summary>
    public required string Model { get; init; }
    public string? Suite { get; init; }
    public string? HarnessVersion { get; init; }
    public IReadOnlyList<MetricsTask> Tasks { get; init; } = [];

    /// <summary>Reads <paramref name="path"/>; a missing, malformed or newer file is a <see cref="UserInputException"/> naming it.</summary>
    public static MetricsFile Read(string path)
    {
        var root = SettingsParser.ParseFile(path, FileName);
        var errors = new SettingsErrors();
        var r = new SettingsObjectReader(root, errors);
        var formatNode = r.Get("format");
        int format = r.Int("format", 1, min: 1);
        if (formatNode != null && errors.Count == 0 && format > CurrentFormat)
        {
            errors.Add(formatNode, $"format {format} is newer than this ablation reads ({CurrentFormat}); it was written by a newer ablation: update ablation to read it");
            errors.ThrowIfAny();
        }
        string model = r.String("model", "", "the evaluated model's id", required: true);
        string? suite = r.OptionalString("suite", "the suite name");
        string? version = r.OptionalString("harness_version", "a version");
        var tasks = new List<MetricsTask>();
        if (r.Get("tasks") is { } tasksNode)
        {
            if (tasksNode.Kind != SettingsKind.Object) errors.Add(tasksNode, $"{tasksNode.Describe()} is not allowed; expected an object of task name -> results");
            foreach (var property in tasksNode.Properties)
                if (ReadTask(property.Name, new SettingsObjectReader(property.Value, errors)) is { } task) tasks.Add(task);
        }
        else r.Missing("tasks", "an object of task name -> results");
        r.RejectUnknownKeys(FileName);
        errors.ThrowIfAny();
        return new MetricsFile { Format = format, Model = model, Suite = suite, HarnessVersion = version, Tasks = tasks };
    }

    /// <summary>The file in <paramref name="folder"/> when it exists, else null; errors as <see cref="Read"/>.</summary>
    public static MetricsFile? ReadIfExists(string folder)
    {
        string path = Path.Combine(folder, FileName);
        return File.Exists(path) ? Read(path) : null;
    }

    private static MetricsTask? ReadTask(string name, SettingsObjectReader r)
    {
        if (!r.IsObject) return null;
        var score = SettingType.Double(nullable: true);
        var scores = new List<KeyValuePair<string, double?>>();
        if (r.Get("scores") is { } scoresNode)
        {
            if (scoresNode.Kind != SettingsKind.Object) r.Errors.Add(scoresNode, $"{scoresNode.Describe()} is not allowed; expected an object of score name -> number");
            foreach (var property in scoresNode.Properties)
                if (score.TryRead(property.Value, r.Errors, out object? value)) scores.Add(new(property.Name, (double?)value));
        }
        var names = SettingType.List(SettingType.String(), nonEmpty: false, distinct: false);
        var task = new MetricsTask
        {
            Name = name,
            Type = r.String("type", "", "a task type", required: true),
            Split = r.String("split", "test"),
            MainScoreName = r.String("main_score_name", "", "a score name", required: true),
            MainScore = (double?)r.Value("main_score", score),
            Unit = r.String("unit", "", "what one row is (query, pair ...)", required: true),
            Items = r.Int("n_items", 0, min: 0),
            DroppedItems = r.Int("dropped_items", 0, min: 0),
            ScoresFile = r.String("scores_file", "", "a path relative to metrics.json", required: true),
            Decomposable = (r.Value("decomposable", names) as IEnumerable<object?>)?.Cast<string>().ToList() ?? [],
            EvaluationTime = r.Double("evaluation_time", 0, min: 0),
            Scores = scores,
            Warnings = (r.Value("warnings", names) as IEnumerable<object?>)?.Cast<string>().ToList() ?? [],
        };
        r.RejectUnknownKeys("a task of metrics.json");
        return task;
    }

    /// <summary>Writes the file atomically (format first, tasks in the given order, NaN as null).</summary>
    public void Write(string path)
    {
        var tasks = new JsonObject();
        foreach (var t in Tasks)
        {
            var scores = new JsonObject();
            foreach (var (key, value) in t.Scores) scores[key] = Number(value);
            var entry = new JsonObject
            {
                ["type"] = t.Type,
                ["split"] = t.Split,
                ["main_score_name"] = t.MainScoreName,
                ["main_score"] = Number(t.MainScore),
                ["unit"] = t.Unit,
                ["n_items"] = t.Items,
                ["dropped_items"] = t.DroppedItems,
                ["scores_file"] = t.ScoresFile,
                ["decomposable"] = new JsonArray(t.Decomposable.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray()),
                ["evaluation_time"] = t.EvaluationTime,
                ["scores"] = scores,
            };
            if (t.Warnings.Count > 0) entry["warnings"] = new JsonArray(t.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
            tasks[t.Name] = entry;
        }
        var root = new JsonObject
        {
            ["format"] = Format,
            ["model"] = Model,
            ["suite"] = Suite,
            ["harness_version"] = HarnessVersion,
            ["tasks"] = tasks,
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(Indented) + "\n");
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented =
        new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode? Number(double? value) => value is { } v ? JsonNumber.Node(v) : null;
}

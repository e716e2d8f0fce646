using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Harness.IO;
using CsvHelper;

namespace Ablation.Harness.Evaluation.Results;

/// <summary>
/// Writes an evaluation's files, each atomically: <c>scores/&lt;task&gt;.csv</c> (per-item scores),
/// <c>mteb/&lt;Task&gt;.json</c> (MTEB's TaskResult layout, <c>scores.&lt;split&gt;[0].main_score</c> etc.) and
/// <c>metrics.json</c> (all tasks' aggregates, units and decomposable keys).
/// </summary>
public static class ResultWriter
{
    // Relaxed escaping keeps '+' and non-ASCII task names readable; the files are data, never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteItemScores(string path, ItemScores items)
    {
        AtomicFile.WriteText(path, writer =>
        {
            using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
            csv.WriteField("id");
            foreach (var column in items.Columns) csv.WriteField(column);
            csv.NextRecord();
            foreach (var (id, values) in items.Rows)
            {
                csv.WriteField(id);
                foreach (var value in values) csv.WriteField(Format(value));
                csv.NextRecord();
            }
        });
    }

    /// <summary>MTEB-format result for one task.</summary>
    public static void WriteMteb(string path, TaskResult result, string harnessVersion)
    {
        var entry = new JsonObject();
        foreach (var (key, value) in result.Scores) entry[key] = Number(value);
        foreach (var (key, value) in result.Extra) entry[key] = JsonSerializer.SerializeToNode(value);
        entry["main_score"] = Number(result.MainScore);
        entry["hf_subset"] = "default";
        entry["languages"] = new JsonArray(result.Manifest.Languages.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        var root = new JsonObject
        {
            ["dataset_revision"] = result.Manifest.Revision,
            ["task_name"] = result.Manifest.Name,
            ["mteb_version"] = $"ablation-{harnessVersion}",
            ["evaluation_time"] = result.EvaluationSeconds,
            ["kg_co2_emissions"] = null,
            ["scores"] = new JsonObject { [result.Manifest.Split] = new JsonArray(entry) },
        };
        AtomicFile.WriteAllText(path, root.ToJsonString(Indented) + "\n");
    }

    /// <summary>
    /// The suite-level summary of every evaluated task. Tasks already listed in an existing metrics.json of the
    /// same model are kept, so evaluating a subset of tasks into a folder adds to its summary.
    /// </summary>
    public static void WriteMetrics(string path, string model, string suite, string harnessVersion, IEnumerable<TaskResult> results)
    {
        var tasks = results.Select(result => new MetricsTask
        {
            Name = result.Manifest.Name,
            Type = TaskManifest.TypeName(result.Manifest.Type),
            Split = result.Manifest.Split,
            MainScoreName = result.MainScoreName,
            MainScore = Finite(result.MainScore),
            Unit = result.Items.Unit,
            Items = result.Items.Rows.Count,
            DroppedItems = result.DroppedItems,
            ScoresFile = $"scores/{FileName(result.Manifest.Name)}.csv",
            Decomposable = result.DecomposableScores,
            EvaluationTime = result.EvaluationSeconds,
            Scores = result.Scores.Select(s => new KeyValuePair<string, double?>(s.Key, Finite(s.Value))).ToList(),
            Warnings = result.Warnings.ToList(),
        }).ToList();
        // Keep entries of tasks evaluated earlier into the same folder (e.g. a run with --tasks), unless replaced now.
        // EvalCommand.CheckOwnership has already refused a folder of another model or of a newer format.
        if (File.Exists(path) && MetricsFile.Read(path) is { } previous && previous.Model == model)
            tasks = [.. previous.Tasks.Where(p => tasks.All(t => t.Name != p.Name)), .. tasks];
        new MetricsFile { Model = model, Suite = suite, HarnessVersion = harnessVersion, Tasks = tasks }.Write(path);
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>A task name made safe as a file name (<see cref="SafeFileName"/>: spaces and slashes become underscores).</summary>
    public static string FileName(string taskName) => SafeFileName.Of(taskName);

    private static JsonNode? Number(double value) => JsonNumber.Node(value);

    private static string Format(object value) => value switch
    {
        double d => double.IsNaN(d) ? "" : d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

using Ablation.Harness.Evaluation.Results;
using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Harness.IO;

namespace Ablation.Harness.Runner;

/// <summary>
/// One cell's folder (docs/results-layout.md): the files the runner, the worker and <c>ablation status</c> read and
/// write, and the cell's state as it stands on disk.
/// </summary>
public sealed class CellFolder
{
    public CellFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }
    public string Id => System.IO.Path.GetFileName(Path);
    public string ConfigFile => File("config.json");
    public string CellFile => File("cell.json");
    public string DoneFile => File("DONE");
    public string FailedFile => File("FAILED");
    /// <summary>The trainer's log (ModelTrainer writes it; a fresh training starts it anew).</summary>
    public string TrainLog => File("train.log");
    /// <summary>The worker's events on this cell across attempts: start, lock takeovers, evaluation, DONE or FAILED.</summary>
    public string RunLog => File("run.log");
    public string TrainMetrics => File("train-metrics.csv");
    public string Metrics => File(MetricsFile.FileName);
    public string CheckpointFolder => File("checkpoint");
    /// <summary>What the worker process printed (stdout and stderr), appended by the local executor.</summary>
    public string WorkerLog => File("worker.log");

    public bool IsDone => System.IO.File.Exists(DoneFile);

    private string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Appends one timestamped line to run.log (an append-only log, so not written atomically).</summary>
    public void Log(string message)
    {
        Directory.CreateDirectory(Path);
        System.IO.File.AppendAllText(RunLog, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss}Z {message}\n");
    }

    public void WriteDone(double seconds) => AtomicFile.WriteAllText(DoneFile, new JsonObject
    {
        ["finished"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["seconds"] = Math.Round(seconds, 3),
    }.ToJsonString() + "\n");

    public void WriteFailed(string error, string detail) => AtomicFile.WriteAllText(FailedFile, new JsonObject
    {
        ["error"] = error,
        ["detail"] = detail,
        ["time"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>cell.json's design and seed, or nulls when it is missing or unreadable.</summary>
    public (string? Design, int? Seed) ReadIdentity()
    {
        if (ReadJson(CellFile) is not JsonObject cell) return (null, null);
        string? design = cell["design"] is JsonValue d && d.TryGetValue<string>(out var s) ? s : null;
        int? seed = cell["seed"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
        return (design, seed);
    }

    /// <summary>The cell's state, progress, error and scores as they are on disk now.</summary>
    public CellStatus ReadStatus()
    {
        var (design, seed) = ReadIdentity();
        var status = new CellStatus
        {
            Id = Id, Design = design, Seed = seed, State = CellState.Pending,
            Progress = ReadProgress(),
            HasCheckpoint = Directory.Exists(CheckpointFolder),
        };
        if (IsDone)
        {
            double? seconds = ReadJson(DoneFile) is JsonObject done && done["seconds"] is JsonValue sv && sv.TryGetValue<double>(out var x) ? x : null;
            return status with { State = CellState.Done, Seconds = seconds, MainScores = ReadMainScores() };
        }
        var owner = CellLock.ReadOwner(Path);
        if (owner != null && owner.Liveness() != LockLiveness.Dead)
            return status with { State = CellState.Running, Owner = owner };
        if (System.IO.File.Exists(FailedFile))
        {
            string error = ReadJson(FailedFile) is JsonObject failed && failed["error"] is JsonValue ev && ev.TryGetValue<string>(out var e)
                ? e : "(FAILED file unreadable)";
            return status with { State = CellState.Failed, Error = error };
        }
        return status;
    }

    /// <summary>metrics.json's main score per task (null where the score is undefined); empty when the file is
    /// missing or unreadable (status shows what it can; the report names the problem).</summary>
    public IReadOnlyDictionary<string, double?> ReadMainScores()
    {
        var scores = new SortedDictionary<string, double?>(StringComparer.Ordinal);
        try
        {
            if (System.IO.File.Exists(Metrics))
                foreach (var task in MetricsFile.Read(Metrics).Tasks) scores[task.Name] = task.MainScore;
        }
        catch (UserInputException) { scores.Clear(); }
        return scores;
    }

    private CellProgress? ReadProgress()
    {
        string? last = null;
        try
        {
            if (!System.IO.File.Exists(TrainMetrics)) return null;
            foreach (var line in System.IO.File.ReadLines(TrainMetrics))
                if (line.Length > 0) last = line;
        }
        catch (IOException) { return null; }
        if (last is null || last.StartsWith("stage,", StringComparison.Ordinal)) return null;
        var fields = last.Split(',');
        if (fields.Length < 2 || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int step)) return null;
        string stage = fields[0];
        int? total = null;
        int index = 0, count = 1;
        try
        {
            var spec = CellSpecReader.Read(ConfigFile);
            var stages = spec.Stages.Select(s => s.ToString().ToLowerInvariant()).ToList();
            count = stages.Count;
            index = Math.Max(0, stages.LastIndexOf(stage));
            total = stage switch
            {
                "contrastive" => spec.Contrastive.Steps,
                "reconstruction" => spec.Reconstruction.Steps,
                _ => null,
            };
        }
        catch (Exception e) when (e is UserInputException or IOException) { /* progress without totals */ }
        return new CellProgress(stage, step, total, index, count);
    }

    private static JsonNode? ReadJson(string path)
    {
        try { return System.IO.File.Exists(path) ? JsonNode.Parse(System.IO.File.ReadAllText(path)) : null; }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException) { return null; }
    }
}

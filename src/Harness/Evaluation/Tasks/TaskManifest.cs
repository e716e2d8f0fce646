using System.Text.Json;

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>
/// <c>task.json</c> in a task folder: what the task is and where its files are. Example:
/// <code>
/// { "name": "TinySciFact", "type": "retrieval", "split": "test", "main_score": "ndcg_at_10",
///   "instruction": { "query": "Given a claim, retrieve documents that support it", "document": null },
///   "files": { "corpus": "corpus.jsonl", "queries": "queries.jsonl", "qrels": "qrels/test.tsv" } }
/// </code>
/// A string <c>instruction</c> applies to the query side only (E5 convention: documents get no instruction).
/// See docs/task-format.md for every key and the files each type needs.
/// </summary>
public sealed record TaskManifest
{
    public required string Name { get; init; }
    public required TaskType Type { get; init; }
    /// <summary>Folder holding task.json; file paths are relative to it.</summary>
    public required string Folder { get; init; }
    public string Split { get; init; } = "test";
    public required string MainScore { get; init; }
    public string? QueryInstruction { get; init; }
    public string? DocumentInstruction { get; init; }
    /// <summary>Role → file path relative to <see cref="Folder"/> (e.g. corpus, queries, qrels, train, test).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();
    /// <summary>Classification: training examples kept per label in each experiment (MTEB default 8).</summary>
    public int SamplesPerLabel { get; init; } = 8;
    /// <summary>Classification: number of undersampled training sets (MTEB default 10).</summary>
    public int Experiments { get; init; } = 10;
    /// <summary>Retrieval: drop hits whose document id equals the query id (MTEB's ignore_identical_ids).</summary>
    public bool IgnoreIdenticalIds { get; init; }
    /// <summary>STS / summarization: range of the gold scores (normalised to [0, 1] as MTEB does).</summary>
    public double MinScore { get; init; }
    public double MaxScore { get; init; } = 5;
    /// <summary>Dataset revision recorded in the MTEB result file.</summary>
    public string? Revision { get; init; }
    public int Seed { get; init; } = 42;
    /// <summary>Languages recorded in the MTEB result file (e.g. <c>eng-Latn</c>).</summary>
    public IReadOnlyList<string> Languages { get; init; } = ["eng-Latn"];

    /// <summary>Path of a declared file, or the default name when the manifest does not list the role.</summary>
    public string FilePath(string role, string? defaultName = null)
    {
        if (Files.TryGetValue(role, out var relative)) return Path.Combine(Folder, relative);
        if (defaultName != null) return Path.Combine(Folder, defaultName);
        throw new UserInputException(
            $"{Path.Combine(Folder, "task.json")}: task '{Name}' of type {TypeName(Type)} needs files.{role}; add \"files\": {{\"{role}\": \"<file>\"}}");
    }

    /// <summary>The default main score per type (MTEB's most common choice).</summary>
    public static string DefaultMainScore(TaskType type) => type switch
    {
        TaskType.Retrieval => "ndcg_at_10",
        TaskType.Reranking => "map",
        TaskType.Sts or TaskType.Summarization => "cosine_spearman",
        TaskType.Classification => "accuracy",
        TaskType.Clustering => "v_measure",
        TaskType.PairClassification => "max_ap",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static string TypeName(TaskType type) => type switch
    {
        TaskType.PairClassification => "pair_classification",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads <c>task.json</c> from <paramref name="folder"/>.</summary>
    public static TaskManifest Load(string folder)
    {
        string path = Path.Combine(folder, "task.json");
        if (!File.Exists(path))
            throw new UserInputException($"{path}: task manifest not found; each task folder needs a task.json (see docs/task-format.md)");
        using var document = ManifestJson.Parse(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new UserInputException($"{path}: expected a JSON object at the top level");
        ManifestJson.RejectUnknown(path, root, "", ["name", "type", "split", "main_score", "instruction", "files", "samples_per_label",
            "n_experiments", "ignore_identical_ids", "min_score", "max_score", "revision", "seed", "description", "languages"]);

        string typeText = ManifestJson.RequiredString(path, root, "type");
        TaskType type = typeText.ToLowerInvariant().Replace("-", "_") switch
        {
            "retrieval" => TaskType.Retrieval,
            "reranking" => TaskType.Reranking,
            "sts" => TaskType.Sts,
            "classification" => TaskType.Classification,
            "clustering" => TaskType.Clustering,
            "pair_classification" or "pairclassification" => TaskType.PairClassification,
            "summarization" => TaskType.Summarization,
            _ => throw new UserInputException(
                $"{path}: key 'type' is '{typeText}'; use one of retrieval, reranking, sts, classification, clustering, pair_classification, summarization"),
        };

        string? queryInstruction = null, documentInstruction = null;
        if (root.TryGetProperty("instruction", out var instruction))
        {
            switch (instruction.ValueKind)
            {
                case JsonValueKind.String: queryInstruction = instruction.GetString(); break;
                case JsonValueKind.Null: break;
                case JsonValueKind.Object:
                    ManifestJson.RejectUnknown(path, instruction, "instruction.", ["query", "document"]);
                    queryInstruction = ManifestJson.OptionalString(path, instruction, "query", "instruction.");
                    documentInstruction = ManifestJson.OptionalString(path, instruction, "document", "instruction.");
                    break;
                default:
                    throw new UserInputException($"{path}: key 'instruction' must be a string or {{\"query\": ..., \"document\": ...}}");
            }
        }

        var files = new Dictionary<string, string>();
        if (root.TryGetProperty("files", out var filesElement))
        {
            if (filesElement.ValueKind != JsonValueKind.Object) throw new UserInputException($"{path}: key 'files' must be an object of role → relative path");
            foreach (var property in filesElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                    throw new UserInputException($"{path}: key 'files.{property.Name}' must be a relative path string");
                files[property.Name] = property.Value.GetString()!;
            }
        }

        double minScore = ManifestJson.OptionalDouble(path, root, "min_score") ?? 0;
        double maxScore = ManifestJson.OptionalDouble(path, root, "max_score") ?? 5;
        if (!(maxScore > minScore))
            throw new UserInputException($"{path}: max_score ({maxScore}) must be greater than min_score ({minScore}); they give the range of the gold scores");

        return new TaskManifest
        {
            Name = ManifestJson.OptionalString(path, root, "name") ?? Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/')),
            Type = type,
            Folder = Path.GetFullPath(folder),
            Split = ManifestJson.OptionalString(path, root, "split") ?? "test",
            MainScore = ManifestJson.OptionalString(path, root, "main_score") ?? DefaultMainScore(type),
            QueryInstruction = queryInstruction,
            DocumentInstruction = documentInstruction,
            Files = files,
            SamplesPerLabel = ManifestJson.OptionalInt(path, root, "samples_per_label", 1) ?? 8,
            Experiments = ManifestJson.OptionalInt(path, root, "n_experiments", 1) ?? 10,
            IgnoreIdenticalIds = ManifestJson.OptionalBool(path, root, "ignore_identical_ids") ?? false,
            MinScore = minScore,
            MaxScore = maxScore,
            Revision = ManifestJson.OptionalString(path, root, "revision"),
            Seed = ManifestJson.OptionalInt(path, root, "seed", 0) ?? 42,
            Languages = ManifestJson.OptionalStringList(path, root, "languages") ?? ["eng-Latn"],
        };
    }
}

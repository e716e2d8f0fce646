using Ablation.Harness.IO.Settings;

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

    /// <summary>The type as manifests spell it (<c>pair_classification</c>).</summary>
    public static string TypeName(TaskType type) => EnumNames.Name(type);

    /// <summary>
    /// Reads <c>task.json</c> from <paramref name="folder"/> with the strict settings reader: unknown keys (with a
    /// "did you mean"), wrong types, an unknown type and a <c>main_score</c> the type's evaluator does not report
    /// are all errors naming file, line:column and JSON path, found before anything is evaluated.
    /// </summary>
    public static TaskManifest Load(string folder)
    {
        string path = Path.Combine(folder, "task.json");
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new UserInputException($"{path}: task manifest not found; each task folder needs a task.json (see docs/task-format.md)");
        var root = SettingsParser.ParseFile(path, "task manifest");
        var errors = new SettingsErrors();
        var r = new SettingsObjectReader(root, errors);

        var typeNode = r.Get("type");
        TaskType type = r.Enum("type", TaskType.Retrieval, required: true);
        bool typeKnown = typeNode != null && errors.Count == 0;

        string? queryInstruction = null, documentInstruction = null;
        if (r.Get("instruction") is { } instruction)
        {
            switch (instruction.Kind)
            {
                case SettingsKind.String: queryInstruction = instruction.String; break;
                case SettingsKind.Null: break;
                case SettingsKind.Object:
                    var side = new SettingsObjectReader(instruction, errors);
                    queryInstruction = side.Value("query", SettingType.String("an instruction text", nullable: true)) as string;
                    documentInstruction = side.Value("document", SettingType.String("an instruction text", nullable: true)) as string;
                    side.RejectUnknownKeys("instruction");
                    break;
                default:
                    errors.Add(instruction, $"{instruction.Describe()} is not allowed; expected an instruction text (for queries) or {{\"query\": ..., \"document\": ...}}");
                    break;
            }
        }

        var files = new Dictionary<string, string>();
        if (r.Get("files") is { } filesNode)
        {
            if (filesNode.Kind != SettingsKind.Object)
                errors.Add(filesNode, $"{filesNode.Describe()} is not allowed; expected an object of role -> relative path, e.g. {{\"test\": \"test.jsonl\"}}");
            foreach (var property in filesNode.Properties)
                if (SettingType.String("a path relative to the task folder").TryRead(property.Value, errors, out object? file))
                    files[property.Name] = (string)file!;
        }

        var minNode = r.Get("min_score");
        double minScore = r.Double("min_score", 0);
        double maxScore = r.Double("max_score", 5);
        if (errors.Count == 0 && !(maxScore > minScore))
            errors.Add(r.Get("max_score") ?? minNode ?? root,
                $"max_score ({maxScore}) must be greater than min_score ({minScore}); they give the range of the gold scores");

        string mainScore = DefaultMainScore(type);
        if (r.OptionalString("main_score", "the name of a score the task reports") is { } chosen && typeKnown)
        {
            var allowed = TaskScores.Of(type);
            if (allowed.Contains(chosen)) mainScore = chosen;
            else
                errors.Add(r.Get("main_score")!, $"\"{chosen}\" is not a score of a {TypeName(type)} task{DidYouMean.Hint(chosen, allowed)}; " +
                                                 $"choose one of {string.Join(", ", allowed)}");
        }

        var manifest = new TaskManifest
        {
            Name = r.OptionalString("name", "a task name") ?? Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/')),
            Type = type,
            Folder = Path.GetFullPath(folder),
            Split = r.String("split", "test", "a split name such as test"),
            MainScore = mainScore,
            QueryInstruction = queryInstruction,
            DocumentInstruction = documentInstruction,
            Files = files,
            SamplesPerLabel = r.Int("samples_per_label", 8, min: 1),
            Experiments = r.Int("n_experiments", 10, min: 1),
            IgnoreIdenticalIds = r.Bool("ignore_identical_ids", false),
            MinScore = minScore,
            MaxScore = maxScore,
            Revision = r.OptionalString("revision", "a dataset revision"),
            Seed = r.Int("seed", 42, min: 0),
            Languages = (r.Value("languages", SettingType.List(SettingType.String("a language code such as eng-Latn"), nullable: true)) as IEnumerable<object?>)
                        ?.Cast<string>().ToList() ?? ["eng-Latn"],
        };
        r.OptionalString("description", "a description");
        r.RejectUnknownKeys("task.json");
        errors.ThrowIfAny();
        return manifest;
    }
}

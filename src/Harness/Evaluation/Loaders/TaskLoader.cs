using System.Globalization;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// Loads a task's files as its manifest declares them. Column names are MTEB's (see docs/task-format.md);
/// when a role is not listed in <c>files</c>, the loader looks for <c>&lt;role&gt;.jsonl|.csv|.tsv</c>
/// (the split name for the evaluated data) next to task.json.
/// </summary>
public static class TaskLoader
{
    public static TaskData Load(TaskManifest manifest) => manifest.Type switch
    {
        TaskType.Retrieval => BeirLoader.Load(manifest),
        TaskType.Reranking => LoadReranking(manifest),
        TaskType.Sts => LoadPairs(manifest, "score"),
        TaskType.PairClassification => LoadPairs(manifest, "labels"),
        TaskType.Classification => new ClassificationTaskData
        {
            Manifest = manifest,
            Train = LoadLabelled(DataPath(manifest, "train", "train"), "text", "label"),
            Test = LoadLabelled(DataPath(manifest, "test", manifest.Split), "text", "label"),
        },
        TaskType.Clustering => new ClusteringTaskData
        {
            Manifest = manifest,
            Items = LoadLabelled(DataPath(manifest, "test", manifest.Split), "sentences", "labels"),
        },
        TaskType.Summarization => LoadSummarization(manifest),
        _ => throw new ArgumentOutOfRangeException(nameof(manifest)),
    };

    /// <summary>The file for a role: declared in the manifest, <c>&lt;stem&gt;.jsonl|csv|tsv</c> in the task folder, or MTEB's Parquet layout (<see cref="ParquetTaskLayout"/>).</summary>
    internal static string DataPath(TaskManifest manifest, string role, string stem)
    {
        if (manifest.Files.ContainsKey(role)) return manifest.FilePath(role);
        foreach (var extension in new[] { ".jsonl", ".csv", ".tsv" })
        {
            string candidate = Path.Combine(manifest.Folder, stem + extension);
            if (File.Exists(candidate)) return candidate;
        }
        if (ParquetTaskLayout.Find(manifest, role, stem) is { } parquet) return parquet;
        throw new UserInputException(
            $"{Path.Combine(manifest.Folder, "task.json")}: task '{manifest.Name}' has no files.{role}, no {stem}.jsonl/.csv/.tsv and no Parquet split in MTEB's layout; add \"files\": {{\"{role}\": \"<file>\"}}");
    }

    private static string RowId(DataRecord record, int index) =>
        record.OptionalText("id") ?? record.OptionalText("_id") ?? index.ToString(CultureInfo.InvariantCulture);

    private static PairTaskData LoadPairs(TaskManifest manifest, string goldColumn)
    {
        var ids = new List<string>(); var s1 = new List<string>(); var s2 = new List<string>(); var gold = new List<double>();
        string path = DataPath(manifest, "test", manifest.Split);
        foreach (var record in DataFileReader.Read(path))
        {
            if (record.IsList("sentence1"))
            {
                // MTEB's pair-classification datasets keep a whole split in one row of parallel lists.
                var left = record.TextList("sentence1"); var right = record.TextList("sentence2"); var values = record.NumberList(goldColumn);
                if (right.Count != left.Count || values.Count != left.Count)
                    throw record.Error(goldColumn, $"lists have lengths {left.Count}/{right.Count}/{values.Count}", "sentence1, sentence2 and the gold list must be parallel");
                for (int j = 0; j < left.Count; j++)
                {
                    if (goldColumn == "labels" && values[j] is not (0 or 1))
                        throw record.Error(goldColumn, $"has element {values[j].ToString(CultureInfo.InvariantCulture)} at index {j}", "pair classification labels must be 0 or 1");
                    ids.Add(ids.Count.ToString(CultureInfo.InvariantCulture)); s1.Add(left[j]); s2.Add(right[j]); gold.Add(values[j]);
                }
                continue;
            }
            ids.Add(RowId(record, ids.Count));
            s1.Add(record.Text("sentence1"));
            s2.Add(record.Text("sentence2"));
            double value = record.Number(goldColumn);
            if (goldColumn == "labels" && value is not (0 or 1))
                throw record.Error(goldColumn, $"is {value.ToString(CultureInfo.InvariantCulture)}", "pair classification labels must be 0 or 1");
            gold.Add(value);
        }
        RequireRows(path, ids.Count, 2);
        CheckUniqueIds(path, ids);
        if (manifest.Type == TaskType.Sts && gold.All(g => g == gold[0]))
            throw new UserInputException(
                $"{path}: task '{manifest.Name}': every gold '{goldColumn}' is {gold[0].ToString(CultureInfo.InvariantCulture)}; a correlation with constant gold is undefined " +
                $"(the main score would be NaN); check the '{goldColumn}' column");
        return new PairTaskData { Manifest = manifest, Ids = ids, Sentences1 = s1, Sentences2 = s2, Gold = gold };
    }

    private static LabelledTexts LoadLabelled(string path, string textColumn, string labelColumn)
    {
        var ids = new List<string>(); var texts = new List<string>(); var labels = new List<string>();
        foreach (var record in DataFileReader.Read(path))
        {
            ids.Add(RowId(record, ids.Count));
            texts.Add(record.Text(textColumn));
            labels.Add(record.Text(labelColumn));
        }
        RequireRows(path, ids.Count, 2);
        CheckUniqueIds(path, ids);
        return new LabelledTexts(ids, texts, labels);
    }

    private static RerankingTaskData LoadReranking(TaskManifest manifest)
    {
        var queries = new List<RerankingQuery>();
        string path = DataPath(manifest, "test", manifest.Split);
        foreach (var record in DataFileReader.Read(path))
        {
            var positives = record.TextList("positive");
            var negatives = record.TextList("negative");
            if (positives.Count + negatives.Count == 0) throw record.Error("positive", "and 'negative' are both empty", "give each query at least one candidate");
            queries.Add(new RerankingQuery(RowId(record, queries.Count), record.Text("query"), positives, negatives));
        }
        RequireRows(path, queries.Count, 1);
        CheckUniqueIds(path, queries.Select(q => q.Id).ToList());
        return new RerankingTaskData { Manifest = manifest, Queries = queries };
    }

    private static SummarizationTaskData LoadSummarization(TaskManifest manifest)
    {
        var documents = new List<SummarizationDocument>();
        string path = DataPath(manifest, "test", manifest.Split);
        foreach (var record in DataFileReader.Read(path))
        {
            var machine = record.TextList("machine_summaries");
            var relevance = record.NumberList("relevance");
            if (machine.Count != relevance.Count)
                throw record.Error("relevance", $"has {relevance.Count} scores for {machine.Count} machine summaries", "give one relevance score per machine summary");
            var human = record.TextList("human_summaries");
            if (human.Count == 0) throw record.Error("human_summaries", "is empty", "give at least one human summary");
            documents.Add(new SummarizationDocument(RowId(record, documents.Count), human, machine, relevance));
        }
        RequireRows(path, documents.Count, 1);
        CheckUniqueIds(path, documents.Select(d => d.Id).ToList());
        return new SummarizationTaskData { Manifest = manifest, Documents = documents };
    }

    internal static void RequireRows(string path, int count, int minimum)
    {
        if (count < minimum) throw new UserInputException($"{path}: has {count} rows; this task needs at least {minimum}");
    }

    internal static void CheckUniqueIds(string path, IReadOnlyList<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
            if (!seen.Add(ids[i]))
                throw new UserInputException($"{path}: id '{ids[i]}' appears more than once (row {i + 1}); ids must be unique because they key the per-item scores");
    }
}

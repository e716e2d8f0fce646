using Ablation.Harness.Data.Foldoc;
using Ablation.Harness.Data.Splits;

namespace Ablation.Harness.Data.Tasks;

/// <summary>The FOLDOC tasks of the built-in suite, built from evaluation-side terms only.</summary>
public sealed class FoldocTaskBuilder(BuildContext context, string suiteFolder)
{
    private readonly BuildOptions options = context.Options;

    private List<FoldocEntry> EvalEntries(string purpose, Func<FoldocEntry, bool>? filter = null) =>
        StableHash.Shuffle(context.Foldoc.Where(e => context.IsEval(e) && (filter?.Invoke(e) ?? true)), e => e.Id, purpose);

    /// <summary>Ids without spaces or tabs (BEIR qrels are tab-separated): a short hash of the term.</summary>
    private static string DocId(FoldocEntry e) => "d" + StableHash.Of("foldoc-id", e.Id).ToString("x16");

    private static string QueryId(FoldocEntry e) => "q" + StableHash.Of("foldoc-id", e.Id).ToString("x16");

    /// <summary>Term → its definition (first paragraph), over every evaluation-side definition.</summary>
    public TaskSpec TermRetrieval()
    {
        const string name = "FoldocTermRetrieval";
        var writer = new TaskFolderWriter(suiteFolder, name);
        var documents = EvalEntries("task-foldoc-retrieval").Take(options.Scaled(4000)).ToList();
        var queries = StableHash.Shuffle(documents, e => e.Id, "task-foldoc-retrieval-queries").Take(options.Scaled(600)).ToList();
        int corpus = writer.WriteJsonl("corpus.jsonl", documents.Select(e => new { _id = DocId(e), title = "", text = e.Definition }));
        int q = writer.WriteJsonl("queries.jsonl", queries.Select(e => new { _id = QueryId(e), text = e.Term }));
        int qrels = writer.WriteQrels("qrels/test.tsv", queries.Select(e => (QueryId(e), DocId(e), 1)));
        var spec = new TaskSpec(name, "retrieval", "ndcg_at_10", "test",
            "Given a computing term, retrieve its dictionary definition",
            "A FOLDOC headword retrieves the first paragraph of its article among the held-out FOLDOC definitions.",
            false, WordNetTaskBuilder.BeirFiles, new Dictionary<string, int> { ["corpus"] = corpus, ["queries"] = q, ["qrels"] = qrels });
        writer.WriteSpec(spec);
        return spec;
    }

    /// <summary>Definition → first FOLDOC category, over categories with enough evaluation-side terms.</summary>
    public TaskSpec CategoryClassification()
    {
        const string name = "FoldocCategoryClassification";
        var writer = new TaskFolderWriter(suiteFolder, name);
        int trainPer = options.Scaled(16), testPer = options.Scaled(50);
        var train = new List<FoldocEntry>();
        var test = new List<FoldocEntry>();
        foreach (var group in EvalEntries("task-foldoc-class", e => e.Category is not null).GroupBy(e => e.Category!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var items = group.ToList();
            if (items.Count < trainPer + testPer / 2) continue;
            train.AddRange(items.Take(trainPer));
            test.AddRange(items.Skip(trainPer).Take(testPer));
        }
        static object Row(FoldocEntry e) => new { id = e.Id, text = e.Definition, label = e.Category };
        int nTrain = writer.WriteJsonl("train.jsonl", StableHash.Shuffle(train, e => e.Id, "order").Select(Row));
        int nTest = writer.WriteJsonl("test.jsonl", StableHash.Shuffle(test, e => e.Id, "order").Select(Row));
        var spec = new TaskSpec(name, "classification", "accuracy", "test",
            "Classify the computing definition into its FOLDOC subject category",
            "A FOLDOC definition (first paragraph, category tag removed) is classified into the first category of its article.",
            false, new Dictionary<string, string> { ["train"] = "train.jsonl", ["test"] = "test.jsonl" },
            new Dictionary<string, int> { ["train"] = nTrain, ["test"] = nTest });
        writer.WriteSpec(spec);
        return spec;
    }

    /// <summary>Definitions clustered by first FOLDOC category (categories with at least 20 evaluation terms).</summary>
    public TaskSpec CategoryClustering()
    {
        const string name = "FoldocCategoryClustering";
        var writer = new TaskFolderWriter(suiteFolder, name);
        int perClass = options.Scaled(80), minClass = options.Scaled(20);
        var rows = EvalEntries("task-foldoc-cluster", e => e.Category is not null)
            .GroupBy(e => e.Category!).Where(g => g.Count() >= minClass).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Take(perClass)).ToList();
        int n = writer.WriteJsonl("test.jsonl", StableHash.Shuffle(rows, e => e.Id, "order").Select(e => new { id = e.Id, sentences = e.Definition, labels = e.Category }));
        var spec = new TaskSpec(name, "clustering", "v_measure", "test",
            "Identify the subject category of this computing definition",
            "FOLDOC definitions clustered by the first category of their article.",
            false, new Dictionary<string, string> { ["test"] = "test.jsonl" }, new Dictionary<string, int> { ["test"] = n });
        writer.WriteSpec(spec);
        return spec;
    }
}

using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// A BEIR folder: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>), <c>queries.jsonl</c>
/// (<c>_id</c>, <c>text</c>) and <c>qrels/&lt;split&gt;.tsv</c>, or the same as Parquet in MTEB's Hugging Face
/// layout (<see cref="ParquetTaskLayout"/>). MTEB v2's <c>id</c> column is accepted
/// for <c>_id</c>. Queries are kept only if they appear in the qrels (as BEIR does); document text is
/// <c>(title + " " + text).Trim()</c> as MTEB builds it.
/// </summary>
public static class BeirLoader
{
    public static RetrievalTaskData Load(TaskManifest manifest)
    {
        string corpusPath = ExistingOrDefault(manifest, "corpus", "corpus");
        string queriesPath = ExistingOrDefault(manifest, "queries", "queries");
        string qrelsPath = manifest.Files.ContainsKey("qrels") ? manifest.FilePath("qrels") : Path.Combine(manifest.Folder, "qrels", manifest.Split + ".tsv");
        if (!manifest.Files.ContainsKey("qrels") && !File.Exists(qrelsPath) && ParquetTaskLayout.Find(manifest, "qrels", manifest.Split) is { } parquetQrels)
            qrelsPath = parquetQrels;
        var qrels = QrelsReader.Read(qrelsPath);

        var documentIds = new List<string>(); var documentTexts = new List<string>();
        foreach (var record in DataFileReader.Read(corpusPath))
        {
            documentIds.Add(Id(record));
            string? title = record.OptionalText("title");
            string text = record.Text("text");
            documentTexts.Add(string.IsNullOrEmpty(title) ? text.Trim() : (title + " " + text).Trim());
        }
        TaskLoader.RequireRows(corpusPath, documentIds.Count, 1);
        TaskLoader.CheckUniqueIds(corpusPath, documentIds);

        var queryIds = new List<string>(); var queryTexts = new List<string>();
        var allQueryIds = new List<string>();
        foreach (var record in DataFileReader.Read(queriesPath))
        {
            string id = Id(record);
            allQueryIds.Add(id);
            if (!qrels.ContainsKey(id)) continue;
            queryIds.Add(id);
            queryTexts.Add(record.Text("text"));
        }
        TaskLoader.CheckUniqueIds(queriesPath, allQueryIds);
        if (queryIds.Count == 0)
            throw new UserInputException($"{qrelsPath}: no query id in the qrels matches a query in {queriesPath}; check that both use the same ids");
        // As trec_eval does, judgements of unknown ids cannot count, but they change what "relevant" means: say so.
        var warnings = new List<string>();
        var knownDocuments = new HashSet<string>(documentIds, StringComparer.Ordinal);
        var knownQueries = new HashSet<string>(allQueryIds, StringComparer.Ordinal);
        var unknownQueries = qrels.Keys.Where(q => !knownQueries.Contains(q)).ToList();
        var unknownDocuments = qrels.Values.SelectMany(j => j.Keys).Where(d => !knownDocuments.Contains(d)).ToList();
        if (unknownQueries.Count > 0)
            warnings.Add($"{qrelsPath}: {unknownQueries.Count} query id(s) not in {Path.GetFileName(queriesPath)} (e.g. '{unknownQueries[0]}'); their judgements are ignored");
        if (unknownDocuments.Count > 0)
            warnings.Add($"{qrelsPath}: {unknownDocuments.Count} judgement(s) name document ids not in {Path.GetFileName(corpusPath)} (e.g. '{unknownDocuments[0]}'); " +
                         "they count as relevant documents that can never be retrieved");
        return new RetrievalTaskData
        {
            Warnings = warnings,
            Manifest = manifest, DocumentIds = documentIds, DocumentTexts = documentTexts,
            QueryIds = queryIds, QueryTexts = queryTexts, Qrels = qrels,
        };
    }

    private static string Id(DataRecord record) =>
        record.OptionalText("_id") ?? record.OptionalText("id") ?? throw record.Error("_id", "is missing", "give every row an '_id' (or 'id')");

    private static string ExistingOrDefault(TaskManifest manifest, string role, string stem) => TaskLoader.DataPath(manifest, role, stem);
}

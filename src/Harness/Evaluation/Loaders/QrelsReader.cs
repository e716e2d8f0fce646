using System.Globalization;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// Relevance judgements in either common format, detected per file:
/// TREC (<c>qid iter docid rel</c>, whitespace separated, no header) or BEIR
/// (<c>query-id\tcorpus-id\tscore</c>, with a header row); <c>.parquet</c> files (or a wildcard over shards)
/// with MTEB's columns <c>query-id</c>, <c>corpus-id</c>, <c>score</c>. Grades must be integers.
/// </summary>
public static class QrelsReader
{
    /// <summary>Query id → (document id → grade). A repeated (query, document) pair is an error.</summary>
    public static Dictionary<string, Dictionary<string, int>> Read(string path)
    {
        if (DataFileReader.IsPattern(path) || path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ReadParquet(path);
        if (!File.Exists(path)) throw new UserInputException($"qrels file '{path}' not found");
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        long lineNumber = 0;
        int expectedFields = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var fields = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (lineNumber == 1 && fields.Length == 3 && !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                expectedFields = 3; // BEIR header: query-id corpus-id score
                continue;
            }
            if (expectedFields == 0) expectedFields = fields.Length;
            if (fields.Length != expectedFields || fields.Length is not (3 or 4))
                throw new UserInputException(
                    $"{path} line {lineNumber}, column 1: expected {(expectedFields is 3 or 4 ? expectedFields.ToString(CultureInfo.InvariantCulture) : "3 (BEIR) or 4 (TREC)")} fields, found {fields.Length}; " +
                    "TREC qrels are 'qid iter docid rel', BEIR qrels are 'query-id<TAB>corpus-id<TAB>score'");
            string query = fields[0], document = fields.Length == 4 ? fields[2] : fields[1], gradeText = fields[^1];
            if (!int.TryParse(gradeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int grade))
            {
                if (double.TryParse(gradeText, NumberStyles.Float, CultureInfo.InvariantCulture, out double asDouble) && asDouble == Math.Floor(asDouble))
                    grade = (int)asDouble;
                else
                    throw new UserInputException($"{path} line {lineNumber}, column {fields.Length}: relevance '{gradeText}' is not an integer grade");
            }
            if (!qrels.TryGetValue(query, out var judged)) qrels[query] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            if (!judged.TryAdd(document, grade))
                throw new UserInputException($"{path} line {lineNumber}: document '{document}' is judged twice for query '{query}'; keep one line");
        }
        return qrels;
    }

    /// <summary>MTEB's Parquet qrels: columns <c>query-id</c>, <c>corpus-id</c>, <c>score</c> (ids may be numbers).</summary>
    private static Dictionary<string, Dictionary<string, int>> ReadParquet(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var record in DataFileReader.Read(path))
        {
            string query = record.Text("query-id"), document = record.Text("corpus-id");
            double score = record.Number("score");
            if (score != Math.Floor(score) || Math.Abs(score) > int.MaxValue)
                throw record.Error("score", $"is {score.ToString(CultureInfo.InvariantCulture)}", "relevance grades must be integers");
            if (!qrels.TryGetValue(query, out var judged)) qrels[query] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            if (!judged.TryAdd(document, (int)score))
                throw record.Error("corpus-id", $"'{document}' is judged twice for query '{query}'", "keep one row per (query-id, corpus-id)");
        }
        return qrels;
    }
}

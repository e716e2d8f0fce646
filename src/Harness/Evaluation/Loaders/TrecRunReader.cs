using System.Globalization;
using Ablation.Harness.Evaluation.Metrics;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// TREC run files: <c>qid Q0 docid rank score tag</c> per line, whitespace separated. As in trec_eval, the
/// rank column is ignored and documents are ordered by score (ties by document id descending).
/// </summary>
public static class TrecRunReader
{
    public static Dictionary<string, List<ScoredDocument>> Read(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"run file '{path}' not found");
        var run = new Dictionary<string, List<ScoredDocument>>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        long lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var fields = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 6)
                throw new UserInputException($"{path} line {lineNumber}, column 1: expected 6 fields 'qid Q0 docid rank score tag', found {fields.Length}");
            if (!double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || double.IsNaN(score))
                throw new UserInputException($"{path} line {lineNumber}, column 5: score '{fields[4]}' is not a number");
            if (!seen.Add((fields[0], fields[2])))
                throw new UserInputException($"{path} line {lineNumber}: document '{fields[2]}' appears twice for query '{fields[0]}'; a run lists each document once per query");
            if (!run.TryGetValue(fields[0], out var list)) run[fields[0]] = list = [];
            list.Add(new ScoredDocument(fields[2], score));
        }
        return run;
    }
}

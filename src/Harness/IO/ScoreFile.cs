using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Ablation.Harness.IO;

/// <summary>
/// A per-item score file: CSV with a header naming the columns <c>id</c> and <c>score</c> (other columns are
/// ignored), one row per item. Errors name the file, the line and the fix.
/// </summary>
public sealed class ScoreFile
{
    public string Path { get; }
    public IReadOnlyList<string> Ids { get; }
    public IReadOnlyList<double> Scores { get; }

    private ScoreFile(string path, List<string> ids, List<double> scores) { Path = path; Ids = ids; Scores = scores; }

    /// <summary>Reads <paramref name="path"/>; <paramref name="column"/> picks the score column (e.g. <c>ndcg@10</c> of an
    /// <c>ablation eval</c> scores file); the default is <c>score</c>.</summary>
    public static ScoreFile Read(string path, string column = "score")
    {
        if (Directory.Exists(path)) throw new UserInputException($"{path}: is a folder; give a CSV file with columns id,score (e.g. <eval folder>/scores/<task>.csv)");
        if (!File.Exists(path)) throw new UserInputException($"{path}: file not found; give a CSV file with columns id,score");
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim, DetectColumnCountChanges = false };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read()) throw new UserInputException($"{path}: the file is empty; it needs a header line 'id,score' and one row per item");
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        int idColumn = Array.FindIndex(header, h => h.Equals("id", StringComparison.OrdinalIgnoreCase));
        int scoreColumn = Array.FindIndex(header, h => h.Equals(column, StringComparison.OrdinalIgnoreCase));
        // MTEB spells metrics ndcg_at_10; researchers type ndcg@10. Accept both.
        if (scoreColumn < 0) scoreColumn = Array.FindIndex(header, h => h.Equals(column.Replace("@", "_at_"), StringComparison.OrdinalIgnoreCase));
        if (idColumn >= 0 && scoreColumn < 0 && column != "score")
            throw new UserInputException($"{path} line 1: no column '{column}'; the columns are {string.Join(", ", header)}");
        if (idColumn >= 0 && scoreColumn < 0)
        {
            // An eval scores file: the fix is --column, never editing the file's header.
            string[] preferred = ["ndcg_at_10", "map", "max_ap", "cosine_spearman", "accuracy", "v_measure", "hit"];
            var columns = header.Where(h => !h.Equals("id", StringComparison.OrdinalIgnoreCase)).ToList();
            string example = preferred.FirstOrDefault(p => columns.Contains(p)) ?? columns.FirstOrDefault() ?? "score";
            string list = string.Join(", ", columns.Take(8)) + (columns.Count > 8 ? $", … ({columns.Count} in all)" : "");
            throw new UserInputException($"{path} line 1: no column 'score'; choose one of its columns with --column, e.g. --column {example} (columns: {list})");
        }
        if (idColumn < 0 || scoreColumn < 0)
            throw new UserInputException($"{path} line 1: missing header; expected columns 'id' and 'score', found '{string.Join(",", header)}'. Add the line 'id,score' at the top");

        var ids = new List<string>();
        var scores = new List<double>();
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        while (csv.Read())
        {
            int line = csv.Parser.RawRow;
            if (csv.Parser.Count == 1 && string.IsNullOrEmpty(csv.Parser[0])) continue; // blank line
            if (csv.Parser.Count != header.Length)
                throw new UserInputException(
                    $"{path} line {line}: {csv.Parser.Count} fields but the header has {header.Length} ({string.Join(",", header)}); " +
                    (csv.Parser.Count > header.Length ? "a decimal comma? use '.' as the decimal point, and quote fields that contain commas" : "fill in the missing fields"));
            string? id = csv.GetField(idColumn);
            string? text = csv.GetField(scoreColumn);
            if (string.IsNullOrEmpty(id)) throw new UserInputException($"{path} line {line}: empty id; every row needs an id");
            if (firstLine.TryGetValue(id, out int earlier))
                throw new UserInputException($"{path} line {line}: id '{id}' appears twice (first on line {earlier}); remove the duplicate row");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double score) || !double.IsFinite(score))
                throw new UserInputException($"{path} line {line}: score '{text}' of id '{id}' is not a finite number (use '.' as the decimal point)");
            firstLine[id] = line;
            ids.Add(id);
            scores.Add(score);
        }
        if (ids.Count == 0) throw new UserInputException($"{path}: no rows after the header; add one 'id,score' row per item");
        return new ScoreFile(path, ids, scores);
    }

    /// <summary>Scores of both files aligned by id in the order of <paramref name="a"/>; any id in only one file is an error naming them.</summary>
    public static (string[] Ids, double[] A, double[] B) Pair(ScoreFile a, ScoreFile b)
    {
        var indexB = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < b.Ids.Count; i++) indexB[b.Ids[i]] = i;
        var onlyA = a.Ids.Where(id => !indexB.ContainsKey(id)).ToList();
        var setA = new HashSet<string>(a.Ids, StringComparer.Ordinal);
        var onlyB = b.Ids.Where(id => !setA.Contains(id)).ToList();
        if (onlyA.Count > 0 || onlyB.Count > 0)
        {
            static string List(List<string> ids) => string.Join(", ", ids.Take(5).Select(id => $"'{id}'")) + (ids.Count > 5 ? $", … ({ids.Count} in all)" : "");
            var parts = new List<string>();
            if (onlyA.Count > 0) parts.Add($"{onlyA.Count} only in {a.Path} ({List(onlyA)})");
            if (onlyB.Count > 0) parts.Add($"{onlyB.Count} only in {b.Path} ({List(onlyB)})");
            throw new UserInputException($"ids do not match: {string.Join("; ", parts)}. Both files must score the same items");
        }
        var ids = a.Ids.ToArray();
        var scoresA = a.Scores.ToArray();
        var scoresB = ids.Select(id => b.Scores[indexB[id]]).ToArray();
        return (ids, scoresA, scoresB);
    }
}

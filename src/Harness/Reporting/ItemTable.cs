using System.Globalization;
using Ablation.Harness.Cli;
using CsvHelper;
using CsvHelper.Configuration;

namespace Ablation.Harness.Reporting;

/// <summary>A scores/&lt;task&gt;.csv as written by <c>ablation eval</c>: an id column and named columns, kept as text.</summary>
public sealed class ItemTable
{
    public required string Path { get; init; }
    public required IReadOnlyList<string> Ids { get; init; }
    public required IReadOnlyDictionary<string, string[]> Columns { get; init; }

    private Dictionary<string, int>? _rowOf;

    /// <summary>Row index of each id.</summary>
    public IReadOnlyDictionary<string, int> RowOf => _rowOf ??= Ids.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);

    public static ItemTable Read(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: scores file not found; re-run the cell's evaluation (metrics.json names this file)");
        return ReadPlain(path, File.ReadAllText(path)) ?? ReadCsv(path);
    }

    /// <summary>
    /// The common case, several times faster than the CSV parser: no quotes, no blank line, no lone carriage
    /// return, the same number of fields on every line. Anything else returns null and goes through the CSV
    /// parser (which also words the errors).
    /// </summary>
    private static ItemTable? ReadPlain(string path, string text)
    {
        if (text.Contains('"')) return null;
        var lines = text.Split('\n');
        int count = lines.Length;
        if (count > 0 && lines[^1].Length == 0) count--;   // the final newline
        if (count == 0) return null;
        for (int l = 0; l < count; l++)
        {
            string line = lines[l];
            if (line.EndsWith('\r')) lines[l] = line = line[..^1];
            if (line.Length == 0 || line.Contains('\r')) return null;
        }
        var header = lines[0].Split(',');
        if (header[0] != "id") return null;
        var ids = new string[count - 1];
        var values = new string[header.Length - 1][];
        for (int c = 0; c < values.Length; c++) values[c] = new string[count - 1];
        for (int l = 1; l < count; l++)
        {
            var fields = lines[l].Split(',');
            if (fields.Length != header.Length) return null;
            ids[l - 1] = fields[0];
            for (int c = 0; c < values.Length; c++) values[c][l - 1] = fields[c + 1];
        }
        return Create(path, header, ids, values);
    }

    private static ItemTable Create(string path, string[] header, IReadOnlyList<string> ids, string[][] values)
    {
        var columns = new Dictionary<string, string[]>();
        for (int c = 0; c < values.Length; c++) columns[header[c + 1]] = values[c];
        if (ids.Distinct().Count() != ids.Count) throw new UserInputException($"{path}: duplicate ids; every row must be a distinct item");
        return new ItemTable { Path = path, Ids = ids, Columns = columns };
    }

    private static ItemTable ReadCsv(string path)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = true };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read()) throw new UserInputException($"{path}: empty file; it needs a header line starting with 'id'");
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        if (header.Length == 0 || header[0] != "id") throw new UserInputException($"{path} line 1: the first column must be 'id'; found '{string.Join(",", header)}'");
        var ids = new List<string>();
        var values = new List<string>[header.Length - 1];
        for (int c = 0; c < values.Length; c++) values[c] = [];
        try
        {
            while (csv.Read())
            {
                ids.Add(csv.GetField(0)!);
                for (int c = 0; c < values.Length; c++) values[c].Add(csv.GetField(c + 1)!);
            }
        }
        catch (CsvHelperException e)
        {
            throw new UserInputException($"{path} line {csv.Parser.Row}: malformed row ({e.GetType().Name}); every row needs {header.Length} fields");
        }
        return Create(path, header, ids, values.Select(v => v.ToArray()).ToArray());
    }

    /// <summary>A numeric column, in the order of <paramref name="rows"/> (empty cells are NaN).</summary>
    public double[] Numbers(string column, IReadOnlyList<int> rows)
    {
        var text = Column(column);
        var result = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            string s = text[rows[i]];
            if (s.Length == 0) { result[i] = double.NaN; continue; }
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                throw new UserInputException($"{Path} line {rows[i] + 2}: column '{column}' holds '{s}', not a number");
        }
        return result;
    }

    /// <summary>A label column as dense integer codes, in the order of <paramref name="rows"/>.</summary>
    public int[] Codes(string column, IReadOnlyList<int> rows)
    {
        var text = Column(column);
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            string s = text[rows[i]];
            if (!codes.TryGetValue(s, out int code)) codes[s] = code = codes.Count;
            result[i] = code;
        }
        return result;
    }

    private string[] Column(string column) => Columns.TryGetValue(column, out var text)
        ? text
        : throw new UserInputException($"{Path} line 1: no column '{column}'; the columns are {string.Join(", ", Columns.Keys)}. Re-run the evaluation with this version of ablation");
}

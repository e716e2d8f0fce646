using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Ablation.Harness.Reporting;

/// <summary>
/// A scores/&lt;task&gt;.csv as written by <c>ablation eval</c>: an id column and named columns, kept as text. A plain
/// file (no quotes, no blank lines) keeps its text whole and the position of every field, so numbers are parsed
/// from the text without a string per field (a report reads millions of them); anything else goes through the CSV
/// parser, which also words the errors.
/// </summary>
public sealed class ItemTable
{
    public required string Path { get; init; }
    public required IReadOnlyList<string> Ids { get; init; }

    /// <summary>Column names after id, in file order.</summary>
    public required IReadOnlyList<string> ColumnNames { get; init; }

    // Either the whole text with each field's start and length ([row * ColumnNames.Count + column]) ...
    private string? _text;
    private int[]? _start, _length;
    // ... or the parsed fields per column.
    private string[][]? _fields;
    private Dictionary<string, int>? _rowOf;

    /// <summary>Row index of each id.</summary>
    public IReadOnlyDictionary<string, int> RowOf => _rowOf ??= Ids.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => t.i);

    public static ItemTable Read(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: scores file not found; re-run the cell's evaluation (metrics.json names this file)");
        return ReadPlain(path, File.ReadAllText(path)) ?? ReadCsv(path);
    }

    /// <summary>The text of a field.</summary>
    public string Field(string column, int row) => FieldSpan(ColumnIndex(column), row).ToString();

    /// <summary>The common case: no quotes, no blank line, no lone carriage return, the same number of fields on every line; else null.</summary>
    private static ItemTable? ReadPlain(string path, string text)
    {
        if (text.Contains('"')) return null;
        var span = text.AsSpan();
        int headerEnd = span.IndexOf('\n');
        var headerLine = headerEnd < 0 ? span : span[..headerEnd];
        if (headerLine.EndsWith('\r')) headerLine = headerLine[..^1];
        if (headerLine.Length == 0 || headerLine.Contains('\r')) return null;
        var header = headerLine.ToString().Split(',');
        if (header[0] != "id") return null;
        int columns = header.Length - 1;
        var ids = new List<string>();
        var start = new List<int>();
        var length = new List<int>();
        int pos = headerEnd < 0 ? text.Length : headerEnd + 1;
        while (pos < text.Length)
        {
            int end = text.IndexOf('\n', pos);
            if (end < 0) end = text.Length;
            int lineEnd = end > pos && text[end - 1] == '\r' ? end - 1 : end;
            var line = span[pos..lineEnd];
            if (line.Length == 0 || line.Contains('\r')) return null;
            int comma = line.IndexOf(',');
            if (columns == 0)
            {
                if (comma >= 0) return null;
                ids.Add(line.ToString());
                pos = end + 1;
                continue;
            }
            if (comma < 0) return null;
            ids.Add(line[..comma].ToString());
            int fieldStart = pos + comma + 1;
            for (int c = 0; c < columns; c++)
            {
                int next = c == columns - 1 ? -1 : text.IndexOf(',', fieldStart, lineEnd - fieldStart);
                if (c < columns - 1 && next < 0) return null;                       // too few fields
                int fieldEnd = next < 0 ? lineEnd : next;
                start.Add(fieldStart);
                length.Add(fieldEnd - fieldStart);
                fieldStart = fieldEnd + 1;
            }
            if (span[(start[^1])..lineEnd].Contains(',')) return null;             // too many fields
            pos = end + 1;
        }
        CheckIds(path, ids);
        return new ItemTable { Path = path, Ids = ids, ColumnNames = header[1..], _text = text, _start = [.. start], _length = [.. length] };
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
        CheckIds(path, ids);
        return new ItemTable { Path = path, Ids = ids, ColumnNames = header[1..], _fields = values.Select(v => v.ToArray()).ToArray() };
    }

    private static void CheckIds(string path, List<string> ids)
    {
        if (new HashSet<string>(ids, StringComparer.Ordinal).Count != ids.Count) throw new UserInputException($"{path}: duplicate ids; every row must be a distinct item");
    }

    /// <summary>A numeric column, in the order of <paramref name="rows"/> (empty cells are NaN).</summary>
    public double[] Numbers(string column, IReadOnlyList<int> rows)
    {
        int c = ColumnIndex(column);
        var result = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var s = FieldSpan(c, rows[i]);
            if (s.Length == 0) { result[i] = double.NaN; continue; }
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
                throw new UserInputException($"{Path} line {rows[i] + 2}: column '{column}' holds '{s}', not a number");
        }
        return result;
    }

    /// <summary>A label column as dense integer codes, in the order of <paramref name="rows"/>.</summary>
    public int[] Codes(string column, IReadOnlyList<int> rows)
    {
        int c = ColumnIndex(column);
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = codes.GetAlternateLookup<ReadOnlySpan<char>>();
        var result = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var s = FieldSpan(c, rows[i]);
            if (!lookup.TryGetValue(s, out int code)) lookup[s] = code = codes.Count;
            result[i] = code;
        }
        return result;
    }

    private ReadOnlySpan<char> FieldSpan(int column, int row)
    {
        if (_fields is not null) return _fields[column][row];
        int k = row * ColumnNames.Count + column;
        return _text.AsSpan(_start![k], _length![k]);
    }

    private int ColumnIndex(string column)
    {
        for (int c = ColumnNames.Count - 1; c >= 0; c--)
            if (ColumnNames[c] == column) return c;   // the last of equal names, as a dictionary by name kept
        throw new UserInputException($"{Path} line 1: no column '{column}'; the columns are {string.Join(", ", ColumnNames)}. Re-run the evaluation with this version of ablation");
    }
}

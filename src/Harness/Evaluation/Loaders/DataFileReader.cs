using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Data;
using Ablation.Harness.Evaluation.Tasks;
using CsvHelper;
using CsvHelper.Configuration;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// Reads MTEB-style data files by extension: <c>.jsonl</c> (one JSON object per line), <c>.csv</c>
/// (RFC 4180, header row), <c>.tsv</c> (tab-separated, header row, no quoting) and <c>.parquet</c>
/// (<see cref="ParquetDataReader"/>). A file name with <c>*</c> or <c>?</c> reads every matching file in name
/// order (shards). Syntax errors name the file, line (or Parquet row) and column.
/// </summary>
public static class DataFileReader
{
    public static IEnumerable<DataRecord> Read(string path)
    {
        if (IsPattern(path)) return Expand(path).SelectMany(Read);
        if (!File.Exists(path)) throw new UserInputException($"data file '{path}' not found; check the 'files' entry of the task manifest");
        string extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".jsonl" => ReadJsonLines(path),
            ".csv" => ReadDelimited(path, ","),
            ".tsv" => ReadDelimited(path, "\t"),
            ".parquet" => ParquetDataReader.Read(path),
            _ => throw new UserInputException($"{path}: unsupported data file type '{extension}'; use .jsonl, .csv, .tsv or .parquet"),
        };
    }

    /// <summary>True when the file name part holds a wildcard (<c>corpus/*.parquet</c>).</summary>
    public static bool IsPattern(string path) => Path.GetFileName(path).IndexOfAny(['*', '?']) >= 0;

    /// <summary>The files a wildcard path matches, in ordinal name order; an error when there are none.</summary>
    public static IReadOnlyList<string> Expand(string pattern)
    {
        string folder = Path.GetDirectoryName(pattern) is { Length: > 0 } d ? d : ".";
        var files = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, Path.GetFileName(pattern)).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0) throw new UserInputException($"no data file matches '{pattern}'; check the 'files' entry of the task manifest");
        return files;
    }

    private static IEnumerable<DataRecord> ReadJsonLines(string path)
    {
        long lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var element = Jsonl.ParseObjectLine(line, $"{path} line {lineNumber}", "a JSON object");
            yield return new DataRecord(path, lineNumber, element);
        }
    }

    private static IEnumerable<DataRecord> ReadDelimited(string path, string delimiter)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = true,
            Mode = delimiter == "\t" ? CsvMode.NoEscape : CsvMode.RFC4180,
            BadDataFound = null,
            DetectColumnCountChanges = false,
        };
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, configuration);
        if (!csv.Read()) throw new UserInputException($"{path} line 1: file is empty; it needs a header row with the MTEB column names");
        csv.ReadHeader();
        var names = csv.HeaderRecord!;
        var header = new Dictionary<string, int>();
        for (int i = 0; i < names.Length; i++)
        {
            if (!header.TryAdd(names[i].Trim(), i))
                throw new UserInputException($"{path} line 1, column {i + 1}: header '{names[i]}' appears twice; column names must be unique");
        }
        while (csv.Read())
        {
            var fields = csv.Parser.Record!;
            long line = csv.Parser.RawRow;
            if (fields.Length == 1 && fields[0].Length == 0) continue; // blank line
            if (fields.Length != names.Length)
                throw new UserInputException(
                    $"{path} line {line}, column {Math.Min(fields.Length, names.Length) + 1}: row has {fields.Length} fields but the header has {names.Length}; " +
                    (delimiter == "\t" ? "check for stray or missing tabs" : "quote fields that contain commas"));
            yield return new DataRecord(path, line, header, fields);
        }
    }
}

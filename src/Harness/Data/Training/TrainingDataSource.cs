using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Text.Json;
using Ablation.Harness.Data.Parquet;

namespace Ablation.Harness.Data.Training;

/// <summary>
/// Training examples from a data spec (the grid's <c>data.train</c>): <c>builtin:wordnet-pairs</c> (the built-in
/// pairs, built into the cache on first use), a <c>.jsonl</c> / <c>.jsonl.gz</c> file, a <c>.parquet</c> file,
/// a folder whose top-level <c>.parquet</c> / <c>.jsonl</c> / <c>.jsonl.gz</c> shards are read in ordinal
/// name order, or a wildcard over such files (<c>data/train-*.parquet</c>). Records have <c>query</c>, <c>positive</c>, optional <c>negative</c> (string or list of
/// strings), <c>instruction</c> and <c>dataset</c>; see docs/training-data.md. The order of the examples is the
/// order of the files and of the records in them, so it is the same on every run.
/// </summary>
public static class TrainingDataSource
{
    public const string BuiltinWordNetPairs = "builtin:wordnet-pairs";

    private static readonly string[] ShardExtensions = [".parquet", ".jsonl", ".jsonl.gz"];

    /// <summary>The shard names <c>push_to_hub</c> writes: <c>&lt;split&gt;-00000-of-00004[-hash].parquet</c>.</summary>
    private static readonly Regex HubShard = new(@"^(?<split>.+)-\d{5}-of-\d{5}(-[0-9a-f]+)?\.(parquet|jsonl|jsonl\.gz)$", RegexOptions.CultureInvariant);

    /// <summary>All examples of <paramref name="spec"/>, in file and record order.</summary>
    public static IReadOnlyList<TrainingExample> Load(string spec, TrainingDataKind kind, TrainingDataOptions? options = null) =>
        Read(spec, kind, options).ToList();

    /// <summary>
    /// The examples of <paramref name="spec"/> one at a time: a Parquet row group or a JSON line is read only when
    /// the enumeration reaches it. The files are resolved (and the spec checked) before the first example.
    /// </summary>
    public static IEnumerable<TrainingExample> Read(string spec, TrainingDataKind kind, TrainingDataOptions? options = null)
    {
        options ??= new TrainingDataOptions();
        var files = Files(spec, kind);
        return Enumerate(files, options);
    }

    /// <summary>The files behind <paramref name="spec"/>, in reading order; errors for a spec that names nothing readable.</summary>
    public static IReadOnlyList<string> Files(string spec, TrainingDataKind kind)
    {
        if (string.IsNullOrWhiteSpace(spec))
            throw new UserInputException($"training data spec is empty; give {BuiltinWordNetPairs}, a .jsonl or .parquet file, or a folder of shards");
        if (spec.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase))
        {
            if (!spec.Equals(BuiltinWordNetPairs, StringComparison.OrdinalIgnoreCase))
                throw new UserInputException($"training data '{spec}' is not a built-in name; the built-in training data is {BuiltinWordNetPairs}");
            var paths = BuiltinData.EnsureBuilt();
            return [kind == TrainingDataKind.Reconstruction ? paths.ReconstructionPairsPath : paths.ContrastivePairsPath];
        }
        if (Path.GetFileName(spec).IndexOfAny(['*', '?']) >= 0)
        {
            string folder = Path.GetDirectoryName(spec) is { Length: > 0 } d ? d : ".";
            var matches = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, Path.GetFileName(spec)).Where(IsShard).Order(StringComparer.Ordinal).ToList()
                : [];
            if (matches.Count == 0)
                throw new UserInputException($"training data pattern '{spec}' matches no .parquet, .jsonl or .jsonl.gz file; check the folder and the pattern");
            return matches;
        }
        if (Directory.Exists(spec))
        {
            var shards = Directory.EnumerateFiles(spec).Where(IsShard).Order(StringComparer.Ordinal).ToList();
            // A Hugging Face data folder often holds several splits (train-00000-of-00004.parquet, test-00000-of-00001.parquet):
            // reading them all would train on the test split.
            var splits = shards.Select(f => HubShard.Match(Path.GetFileName(f))).Where(m => m.Success)
                .Select(m => m.Groups["split"].Value).Distinct().Order(StringComparer.Ordinal).ToList();
            if (splits.Count > 1)
                throw new UserInputException(
                    $"training data folder '{spec}' holds the splits {string.Join(", ", splits)}; pick one with a pattern such as '{Path.Combine(spec, splits[^1] + "-*.parquet")}'");
            if (shards.Count == 0)
            {
                bool deeper = Directory.EnumerateFiles(spec, "*", SearchOption.AllDirectories).Any(IsShard);
                throw new UserInputException(
                    $"training data folder '{spec}' has no .parquet, .jsonl or .jsonl.gz files at its top level" +
                    (deeper ? "; the shards are in a sub-folder: pass that folder" : "; pass a folder of shards or a single file"));
            }
            return shards;
        }
        if (File.Exists(spec))
        {
            if (!IsShard(spec))
                throw new UserInputException($"training data file '{spec}' has an unsupported extension; use .jsonl, .jsonl.gz or .parquet");
            return [spec];
        }
        throw new UserInputException($"training data '{spec}' is neither {BuiltinWordNetPairs} nor an existing file or folder; check the path");
    }

    private static bool IsShard(string path) => ShardExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<TrainingExample> Enumerate(IReadOnlyList<string> files, TrainingDataOptions options)
    {
        // The limit is checked before asking for the next record, so no row group beyond the last needed one is read.
        int limit = options.Limit ?? int.MaxValue, produced = 0;
        if (limit <= 0) yield break;
        foreach (string file in files)
        {
            var examples = file.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
                ? ReadParquet(file, options)
                : ReadJsonLines(file, options);
            foreach (var example in examples)
            {
                yield return example;
                if (++produced >= limit) yield break;
            }
        }
    }

    private static IEnumerable<TrainingExample> ReadJsonLines(string path, TrainingDataOptions options)
    {
        var unknown = new UnknownFields(path, "line");
        long lineNumber = 0, records = 0;
        using var stream = File.OpenRead(path);
        using Stream text = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(text);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string where = $"{path} line {lineNumber}";
            var element = Jsonl.ParseObjectLine(line, where, "a JSON object with 'query' and 'positive'");
            foreach (var property in element.EnumerateObject())
                if (!TrainingRecord.KnownFields.Contains(property.Name)) unknown.Add(property.Name, lineNumber, 1);
            records++;
            yield return TrainingRecord.Build(
                name => element.TryGetProperty(name, out var value) ? TrainingRecord.FromJson(value) : null, where);
        }
        if (records == 0) throw new UserInputException($"{path}: file has no records (it is empty or blank); each line must be a JSON object with 'query' and 'positive'");
        unknown.Report(options.Warn);
    }

    private static IEnumerable<TrainingExample> ReadParquet(string path, TrainingDataOptions options)
    {
        var columns = ParquetRowReader.ColumnNames(path);
        foreach (string required in new[] { "query", "positive" })
            if (!columns.Contains(required))
                throw new UserInputException(
                    $"{path}: column '{required}' is missing (columns: {string.Join(", ", columns)}); training data needs 'query' and 'positive' columns (rename them)");
        var unknown = new UnknownFields(path, "row");
        long rows = 0;
        foreach (var group in ParquetRowReader.ReadRowGroups(path, TrainingRecord.KnownFields))
        {
            options.RowGroupRead?.Invoke(group);
            foreach (string column in columns.Where(c => !TrainingRecord.KnownFields.Contains(c)))
                unknown.Add(column, group.FirstRow, group.RowCount);
            for (int row = 0; row < group.RowCount; row++)
            {
                int r = row;
                yield return TrainingRecord.Build(
                    name => group.Columns.TryGetValue(name, out var cells) ? cells[r] : null, group.Where(row));
            }
            rows += group.RowCount;
        }
        if (rows == 0) throw new UserInputException($"{path}: file has no rows; training data needs at least one record");
        unknown.Report(options.Warn);
    }

    /// <summary>Fields the reader ignores, counted per file and reported once at its end.</summary>
    private sealed class UnknownFields(string path, string unit)
    {
        private readonly SortedDictionary<string, (long Count, long First)> _seen = new(StringComparer.Ordinal);

        public void Add(string name, long at, long count) =>
            _seen[name] = _seen.TryGetValue(name, out var s) ? (s.Count + count, s.First) : (count, at);

        public void Report(Action<string>? warn)
        {
            foreach (var (name, (count, first)) in _seen)
                warn?.Invoke($"{path}: ignored unknown field '{name}' in {count} record{(count == 1 ? "" : "s")} (first at {unit} {first}); " +
                             $"the reader uses {string.Join(", ", TrainingRecord.KnownFields)}");
        }
    }
}

using System.Globalization;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace Ablation.Harness.Data.Parquet;

/// <summary>
/// Reads chosen top-level columns of a Parquet file one row group at a time (Parquet.Net 6), so a file of any
/// size is never in memory at once: each group is decoded, handed to the caller, and dropped before the next is
/// read. Supported columns: primitive (strings, integers, floats, booleans) and lists of primitives (the
/// three-level LIST layout pyarrow and Spark write, and the legacy two-level one). Nested structs and maps are
/// rejected with the column's name.
/// </summary>
public static class ParquetRowReader
{
    /// <summary>The top-level column names of <paramref name="path"/>, in schema order.</summary>
    public static IReadOnlyList<string> ColumnNames(string path)
    {
        using var stream = OpenStream(path);
        var reader = Open(path, stream);
        try { return reader.Schema.Fields.Select(f => f.Name).ToList(); }
        finally { Close(reader); }
    }

    /// <summary>
    /// The row groups of <paramref name="path"/> with the requested <paramref name="columns"/> that exist in the file
    /// (all top-level columns when null). Lazily: a group is read only when the enumeration reaches it.
    /// </summary>
    public static IEnumerable<ParquetRowGroup> ReadRowGroups(string path, IReadOnlyCollection<string>? columns = null)
    {
        using var stream = OpenStream(path);
        var reader = Open(path, stream);
        try
        {
            var leaves = reader.Schema.GetDataFields();
            var wanted = reader.Schema.Fields.Where(f => columns == null || columns.Contains(f.Name))
                .Select(f => (Field: f, Leaves: leaves.Where(l => l.Path.FirstPart == f.Name).ToList())).ToList();
            long firstRow = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                var group = reader.OpenRowGroupReader(g);
                int rowCount = checked((int)group.RowCount);
                var decoded = new Dictionary<string, object?[]>(StringComparer.Ordinal);
                foreach (var (field, fieldLeaves) in wanted)
                    decoded[field.Name] = Run(path, () => ReadColumn(path, g, group, field, fieldLeaves, rowCount));
                yield return new ParquetRowGroup(path, g, firstRow, rowCount, decoded);
                firstRow += rowCount;
            }
        }
        finally { Close(reader); }
    }

    // ParquetReader is only IAsyncDisposable; iterators cannot await.
    private static void Close(ParquetReader reader) => reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>"file row N (row group G, row R)", all 0-based as pandas and pyarrow count.</summary>
    public static string Where(string file, int group, int rowInGroup, long fileRow) =>
        string.Create(CultureInfo.InvariantCulture, $"{file} row {fileRow} (row group {group}, row {rowInGroup}; 0-based)");

    private static FileStream OpenStream(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"Parquet file '{path}' not found; check the path");
        return File.OpenRead(path);
    }

    private static ParquetReader Open(string path, Stream stream)
    {
        if (stream.Length == 0) throw new UserInputException($"{path}: file is empty (0 bytes); a Parquet file needs at least a footer with its schema");
        try { return ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult(); }
        catch (Exception error) when (error is IOException or InvalidDataException or ParquetException or NotSupportedException or ArgumentException)
        {
            throw new UserInputException($"{path}: not a readable Parquet file ({error.Message}); check that it was written completely", error);
        }
    }

    private static T Run<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (UserInputException) { throw; }
        catch (Exception error) when (error is IOException or InvalidDataException or ParquetException or NotSupportedException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new UserInputException($"{path}: cannot decode a column ({error.Message}); the file may be truncated or use an unsupported encoding", error);
        }
    }

    private static object?[] ReadColumn(string path, int groupIndex, ParquetRowGroupReader group, Field field, List<DataField> leaves, int rowCount)
    {
        // A list is the standard LIST group of primitives, or a legacy repeated primitive field.
        bool isList = field is ListField { Item: DataField } || field is DataField { MaxRepetitionLevel: 1 };
        bool primitive = field is DataField { MaxRepetitionLevel: 0 };
        if (!(isList || primitive) || leaves.Count != 1 || leaves[0].MaxRepetitionLevel != (isList ? 1 : 0))
            throw new UserInputException(
                $"{path}: column '{field.Name}' is a {field.SchemaType.ToString().ToLowerInvariant()} with nested fields; only primitive columns and lists of primitives are read (flatten it first)");
        var leaf = leaves[0];
        using var raw = group.ReadRawColumnDataBaseAsync(leaf).GetAwaiter().GetResult();
        int[]? definitions = leaf.MaxDefinitionLevel > 0 ? raw.DefinitionLevels.ToArray() : null;
        // Values are packed: one per entry at the maximum definition level, in order.
        int defined = definitions == null ? -1 : definitions.Count(d => d == leaf.MaxDefinitionLevel);
        var values = Values(path, field.Name, raw, defined);
        var cells = new object?[rowCount];
        if (!isList)
        {
            int next = 0;
            for (int row = 0; row < rowCount; row++)
                cells[row] = definitions == null || definitions[row] == leaf.MaxDefinitionLevel ? values[next++] : null;
            return cells;
        }

        // A list column: repetition level 0 starts a row; an element is present at the maximum definition level,
        // a null element one below it (when elements are nullable); one level lower still is an empty list, and
        // below that a null list (when the list itself is nullable).
        int[] repetitions = raw.RepetitionLevels.ToArray();
        int elementSlot = leaf.MaxDefinitionLevel - (leaf.IsNullable ? 1 : 0);
        int rowIndex = -1, valueIndex = 0;
        List<object?>? current = null;
        for (int i = 0; i < repetitions.Length; i++)
        {
            if (repetitions[i] == 0)
            {
                rowIndex++;
                if (rowIndex >= rowCount) throw new InvalidDataException($"column '{field.Name}' has more rows than row group {groupIndex} ({rowCount})");
                cells[rowIndex] = current = [];
            }
            int definition = definitions?[i] ?? leaf.MaxDefinitionLevel;
            if (definition < elementSlot - 1) cells[rowIndex] = null;
            if (definition == leaf.MaxDefinitionLevel) current!.Add(values[valueIndex++]);
            else if (definition >= elementSlot) current!.Add(null);
        }
        if (rowIndex + 1 != rowCount) throw new InvalidDataException($"column '{field.Name}' has {rowIndex + 1} rows, row group {groupIndex} has {rowCount}");
        return cells;
    }

    /// <summary>The defined (non-null) values of a column chunk, converted to string / long / double / bool.</summary>
    private static object?[] Values(string path, string column, RawColumnData raw, int count) => raw switch
    {
        RawColumnData<ReadOnlyMemory<char>> text => Convert(text, count, m => m.ToString()),
        RawColumnData<long> x => Convert(x, count, v => v),
        RawColumnData<int> x => Convert(x, count, v => (long)v),
        RawColumnData<short> x => Convert(x, count, v => (long)v),
        RawColumnData<sbyte> x => Convert(x, count, v => (long)v),
        RawColumnData<byte> x => Convert(x, count, v => (long)v),
        RawColumnData<ushort> x => Convert(x, count, v => (long)v),
        RawColumnData<uint> x => Convert(x, count, v => (long)v),
        RawColumnData<ulong> x => Convert(x, count, v => (double)v),
        RawColumnData<double> x => Convert(x, count, v => v),
        RawColumnData<float> x => Convert(x, count, v => (double)v),
        RawColumnData<decimal> x => Convert(x, count, v => (double)v),
        RawColumnData<bool> x => Convert(x, count, v => v),
        _ => throw new UserInputException(
            $"{path}: column '{column}' has values of type {raw.GetType().GenericTypeArguments.FirstOrDefault()?.Name ?? raw.GetType().Name}; only strings, numbers and booleans are read"),
    };

    private static object?[] Convert<T>(RawColumnData<T> raw, int count, Func<T, object> convert) where T : struct
    {
        var span = raw.Values;
        if (count < 0) count = span.Length;
        var result = new object?[count];
        for (int i = 0; i < count; i++) result[i] = convert(span[i]);
        return result;
    }
}

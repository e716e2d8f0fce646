namespace Ablation.Harness.Data.Parquet;

/// <summary>
/// The requested columns of one Parquet row group, decoded row by row. A cell is <c>null</c>, a
/// <see cref="string"/>, a <see cref="long"/>, a <see cref="double"/>, a <see cref="bool"/>, or (for a list
/// column) an <see cref="IReadOnlyList{T}"/> of those. A column the file does not have is absent from
/// <see cref="Columns"/>.
/// </summary>
public sealed class ParquetRowGroup
{
    internal ParquetRowGroup(string file, int index, long firstRow, int rowCount, IReadOnlyDictionary<string, object?[]> columns)
    {
        File = file; Index = index; FirstRow = firstRow; RowCount = rowCount; Columns = columns;
    }

    public string File { get; }

    /// <summary>0-based index of the row group in the file (as pyarrow's <c>read_row_group</c> counts).</summary>
    public int Index { get; }

    /// <summary>0-based index in the whole file of this group's first row (as pandas' <c>iloc</c> counts).</summary>
    public long FirstRow { get; }

    public int RowCount { get; }

    /// <summary>Column name → one cell per row.</summary>
    public IReadOnlyDictionary<string, object?[]> Columns { get; }

    /// <summary>Where row <paramref name="row"/> (0-based, in this group) is: "file row N (row group G, row R)".</summary>
    public string Where(int row) => ParquetRowReader.Where(File, Index, row, FirstRow + row);
}

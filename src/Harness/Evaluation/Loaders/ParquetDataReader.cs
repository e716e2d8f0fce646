using System.Buffers;
using System.Text.Json;
using Ablation.Harness.Data.Parquet;

namespace Ablation.Harness.Evaluation.Loaders;

/// <summary>
/// The rows of a Parquet task file as <see cref="DataRecord"/>s, row group by row group, so every accessor and
/// error of the JSONL path applies unchanged; list columns become JSON arrays (MTEB's list-valued columns such as
/// reranking's <c>positive</c> or pair classification's one-row-per-split layout). Errors name the file, the
/// 0-based row, row group and row in group, and the column.
/// </summary>
public static class ParquetDataReader
{
    public static IEnumerable<DataRecord> Read(string path)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var group in ParquetRowReader.ReadRowGroups(path))
        {
            for (int row = 0; row < group.RowCount; row++)
            {
                buffer.Clear();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    foreach (var (name, cells) in group.Columns)
                    {
                        writer.WritePropertyName(name);
                        Write(writer, cells[row]);
                    }
                    writer.WriteEndObject();
                }
                using var document = JsonDocument.Parse(buffer.WrittenMemory);
                yield return new DataRecord(path, group.FirstRow + row, group.Where(row), document.RootElement.Clone());
            }
        }
    }

    private static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(d.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case IReadOnlyList<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: throw new ArgumentException($"unexpected Parquet cell type {value.GetType().Name}", nameof(value));
        }
    }
}

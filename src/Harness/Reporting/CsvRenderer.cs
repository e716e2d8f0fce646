using System.Globalization;
using CsvHelper;

namespace Ablation.Harness.Reporting;

/// <summary>A report table as CSV (header + formatted cells; report.json has the unrounded numbers).</summary>
public static class CsvRenderer
{
    public static void Write(TextWriter writer, ReportTable t)
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in t.Header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var row in t.Rows)
        {
            foreach (var c in row) csv.WriteField(c);
            csv.NextRecord();
        }
    }
}

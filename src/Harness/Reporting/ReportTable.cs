namespace Ablation.Harness.Reporting;

/// <summary>
/// A table of the report with formatted cells: rendered as a Markdown / HTML table in the report, and written as
/// tables/&lt;Name&gt;.csv and tables/&lt;Name&gt;.tex. <see cref="Numeric"/> marks right-aligned columns.
/// </summary>
public sealed record ReportTable(string Name, string Caption, IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, IReadOnlyList<bool> Numeric);

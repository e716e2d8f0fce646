using System.Text;

namespace Ablation.Harness.Reporting;

/// <summary>Renders the report document as GitHub-flavoured Markdown (figures as links to figures/*.png).</summary>
public static class MarkdownRenderer
{
    public static string Render(IReadOnlyList<ReportBlock> blocks)
    {
        var sb = new StringBuilder();
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h: sb.Append('#', h.Level).Append(' ').AppendLine(h.Text).AppendLine(); break;
                case ParagraphBlock p: sb.AppendLine(p.Text).AppendLine(); break;
                case ListBlock l:
                    foreach (var item in l.Items) sb.Append("- ").AppendLine(item);
                    sb.AppendLine();
                    break;
                case TableBlock t: Table(sb, t.Table); break;
                case FigureBlock f: sb.AppendLine($"![{f.Caption}](figures/{f.Stem}.png)").AppendLine().AppendLine($"*{f.Caption}*").AppendLine(); break;
            }
        }
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, ReportTable t)
    {
        sb.AppendLine($"*{t.Caption}*").AppendLine();
        sb.AppendLine("| " + string.Join(" | ", t.Header.Select(Cell)) + " |");
        sb.AppendLine("|" + string.Join("|", t.Numeric.Select(n => n ? "---:" : "---")) + "|");
        foreach (var row in t.Rows) sb.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
        sb.AppendLine();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("*", "\\*");
}

using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Ablation.Harness.Reporting;

/// <summary>
/// Renders the report document as one self-contained HTML file: inline CSS, figures embedded as base64 PNG, no
/// script and no external resource, so it opens offline and can be mailed as one file.
/// </summary>
public static partial class HtmlRenderer
{
    public static string Render(string title, IReadOnlyList<ReportBlock> blocks, Func<string, byte[]?> png)
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.AppendLine($"<title>{WebUtility.HtmlEncode(title)}</title>");
        sb.AppendLine("<style>body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}" +
                      "table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.85em}th,td{padding:0.2em 0.6em;border-bottom:1px solid #ddd;text-align:left}" +
                      "th{border-bottom:2px solid #444}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}" +
                      "caption{caption-side:top;text-align:left;font-style:italic;padding-bottom:0.4em}figure{margin:1em 0}img{max-width:100%}" +
                      "code{background:#f4f4f4;padding:0 0.2em}</style>");
        sb.AppendLine("</head><body>");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock h: sb.AppendLine($"<h{h.Level}>{Inline(h.Text)}</h{h.Level}>"); break;
                case ParagraphBlock p: sb.AppendLine($"<p>{Inline(p.Text)}</p>"); break;
                case ListBlock l: sb.AppendLine("<ul>" + string.Concat(l.Items.Select(i => $"<li>{Inline(i)}</li>")) + "</ul>"); break;
                case TableBlock t: Table(sb, t.Table); break;
                case FigureBlock f:
                    var bytes = png(f.Stem);
                    if (bytes is null) break;
                    sb.AppendLine($"<figure><img alt=\"{WebUtility.HtmlEncode(f.Caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(bytes)}\">" +
                                  $"<figcaption>{Inline(f.Caption)}</figcaption></figure>");
                    break;
            }
        }
        sb.AppendLine("</body></html>");
        return sb.ToString();
    }

    private static void Table(StringBuilder sb, ReportTable t)
    {
        sb.AppendLine($"<table><caption>{Inline(t.Caption)}</caption>");
        sb.AppendLine("<thead><tr>" + string.Concat(t.Header.Select(h => $"<th>{WebUtility.HtmlEncode(h)}</th>")) + "</tr></thead><tbody>");
        foreach (var row in t.Rows)
            sb.AppendLine("<tr>" + string.Concat(row.Select((c, i) => t.Numeric[i] ? $"<td class=\"num\">{WebUtility.HtmlEncode(c)}</td>" : $"<td>{WebUtility.HtmlEncode(c)}</td>")) + "</tr>");
        sb.AppendLine("</tbody></table>");
    }

    /// <summary>HTML-escapes, then turns the Markdown the document uses inline (**bold**, `code`) into tags.</summary>
    private static string Inline(string text)
    {
        var s = WebUtility.HtmlEncode(text);
        s = Bold().Replace(s, "<strong>$1</strong>");
        return Code().Replace(s, "<code>$1</code>");
    }

    [GeneratedRegex(@"\*\*(.+?)\*\*")] private static partial Regex Bold();
    [GeneratedRegex("`([^`]+)`")] private static partial Regex Code();
}

using System.Text.RegularExpressions;
using Ablation.Harness.Data.Dictd;

namespace Ablation.Harness.Data.Foldoc;

/// <summary>
/// Turns FOLDOC dictd articles into <see cref="FoldocEntry"/> items. An article is: headword display lines, a
/// blank line, then indented paragraphs; the first paragraph starts with a category group such as
/// <c>&lt;programming, language&gt;</c>, cross-references look like <c>{term}</c> or <c>{text (url)}</c>, and the
/// last paragraph is a date such as <c>(2007-10-02)</c>. Redirects ("See {X}.") and stubs shorter than
/// <see cref="MinDefinitionWords"/> words are not definitions and are dropped.
/// </summary>
public static partial class FoldocParser
{
    /// <summary>Definitions shorter than this (in words) are redirects or stubs.</summary>
    public const int MinDefinitionWords = 8;

    /// <summary>Reads <c>foldoc.index</c> and its .dict(.dz) and returns the real definitions, in index order.</summary>
    public static List<FoldocEntry> Read(string indexPath)
    {
        var result = new List<FoldocEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string file = Path.GetFileName(indexPath);
        foreach (var article in DictdReader.Read(indexPath))
        {
            var entry = Parse(article.Text, file, article.IndexLine);
            if (entry is not null && seen.Add(entry.Id)) result.Add(entry);
        }
        return result;
    }

    /// <summary>Parses one article; null for redirects and stubs. Errors name <paramref name="file"/> and <paramref name="line"/>.</summary>
    public static FoldocEntry? Parse(string article, string file, int line)
    {
        string[] lines = article.Replace("\r", "").Split('\n');
        int blank = Array.FindIndex(lines, l => l.Trim().Length == 0);
        if (blank <= 0)
            throw new DataFormatException(file, line, "article has no headword lines followed by a blank line");
        var headwords = lines[..blank].Select(l => l.Trim()).Where(l => l.Length > 0).Distinct().ToList();

        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (string l in lines[blank..])
        {
            if (l.Trim().Length == 0)
            {
                if (current.Count > 0) paragraphs.Add(string.Join(' ', current));
                current.Clear();
            }
            else current.Add(l.Trim());
        }
        if (current.Count > 0) paragraphs.Add(string.Join(' ', current));
        if (paragraphs.Count > 0 && DateParagraph().IsMatch(paragraphs[^1])) paragraphs.RemoveAt(paragraphs.Count - 1);
        if (paragraphs.Count == 0) return null;

        var categories = new List<string>();
        var tags = LeadingTags().Match(paragraphs[0]);
        if (tags.Success)
        {
            categories.AddRange(tags.Groups[1].Captures[0].Value.Split(',').Select(c => c.Trim()).Where(c => c.Length > 0));
            paragraphs[0] = paragraphs[0][tags.Length..];
        }
        var plain = paragraphs.Select(Plain).Where(p => p.Length > 0).ToList();
        if (plain.Count == 0) return null;
        string definition = plain[0];
        if (WordCount(definition) < MinDefinitionWords || definition.StartsWith("See ", StringComparison.Ordinal)) return null;
        return new FoldocEntry(headwords[0], headwords.Skip(1).ToList(), categories, definition, string.Join(' ', plain));
    }

    /// <summary>Removes markup: <c>{text (url)}</c> → text, <c>{(url)}</c> → nothing, <c>{x}</c> → x; collapses spaces.</summary>
    public static string Plain(string text)
    {
        text = CrossReference().Replace(text, m =>
        {
            string inner = m.Groups[1].Value;
            inner = TrailingUrl().Replace(inner, "");
            return inner.Trim();
        });
        text = InlineTag().Replace(text, " ");
        return Spaces().Replace(text, " ").Trim();
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex(@"^\(\d{4}-\d{2}-\d{2}\)$")]
    private static partial Regex DateParagraph();

    [GeneratedRegex(@"^(?:<([^<>]*)>\s*)+")]
    private static partial Regex LeadingTags();

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex CrossReference();

    [GeneratedRegex(@"\s*\([a-z]+:[^()]*\)$|\s*\([^()\s]*\.html?\)$|^\s*\([^()]*\)$")]
    private static partial Regex TrailingUrl();

    /// <summary>Category tags inside numbered senses ("2. &lt;security&gt; ..."); e-mail addresses in angle brackets contain '@' and stay.</summary>
    [GeneratedRegex(@"<[a-z][a-z ,/()-]*>")]
    private static partial Regex InlineTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

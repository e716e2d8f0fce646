using System.Text.RegularExpressions;
using Ablation.Harness.Data.Dictd;

namespace Ablation.Harness.Data.Gcide;

/// <summary>
/// Plain text from GCIDE articles, for pretraining only. Pronunciations (<c>\Blue"ly\</c>) and source tags
/// (<c>[1913 Webster]</c>) and cross-reference braces are removed and whitespace collapsed. Articles whose text comes from WordNet (tagged
/// <c>[WordNet 1.5]</c>) are dropped entirely, because their glosses overlap WordNet 3.0 evaluation items.
/// </summary>
public static partial class GcideText
{
    /// <summary>One plain-text document per article, keyed by its first headword, in index order.</summary>
    public static IEnumerable<(string Key, string Text)> Read(string indexPath)
    {
        foreach (var article in DictdReader.Read(indexPath))
        {
            if (article.Text.Contains("[WordNet", StringComparison.Ordinal)) continue;
            string text = Clean(article.Text);
            if (text.Length > 0) yield return ("gcide:" + article.Headwords[0], text);
        }
    }

    /// <summary>Removes pronunciations and source tags and collapses whitespace.</summary>
    public static string Clean(string article)
    {
        string text = Pronunciation().Replace(article, "");
        text = SourceTag().Replace(text, " ").Replace("{", "").Replace("}", "");
        return Spaces().Replace(text, " ").Trim();
    }

    [GeneratedRegex(@"\\[^\\\n]*\\")]
    private static partial Regex Pronunciation();

    [GeneratedRegex(@"\[(?:1913 Webster|PJC|Webster 1913 Suppl\.|[A-Z][A-Za-z0-9 .]{0,30})\]")]
    private static partial Regex SourceTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

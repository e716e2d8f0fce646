using System.Text.RegularExpressions;

namespace Ablation.Harness.Data.WordNet;

/// <summary>Finds which lemma of a synset an example sentence uses (literally or with a regular inflection).</summary>
public static class LemmaMatcher
{
    /// <summary>The first lemma of <paramref name="synset"/> that occurs in <paramref name="sentence"/>, or null.</summary>
    public static string? LemmaIn(Synset synset, string sentence)
    {
        foreach (string lemma in synset.LemmaTexts)
        {
            string pattern = @"(?<![\p{L}\p{N}])" + Regex.Escape(lemma) + @"(s|es|d|ed|ing)?(?![\p{L}\p{N}])";
            if (Regex.IsMatch(sentence, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)) return lemma;
        }
        return null;
    }
}

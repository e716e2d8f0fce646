namespace Ablation.Harness.Data.WordNet;

/// <summary>Finds which lemma of a synset an example sentence uses (literally or with a regular inflection).</summary>
public static class LemmaMatcher
{
    private static readonly string[] Suffixes = ["", "s", "es", "d", "ed", "ing"];

    /// <summary>The first lemma of <paramref name="synset"/> that occurs in <paramref name="sentence"/>, or null.</summary>
    public static string? LemmaIn(Synset synset, string sentence)
    {
        foreach (string lemma in synset.LemmaTexts)
            if (Occurs(lemma, sentence)) return lemma;
        return null;
    }

    /// <summary>
    /// True when <paramref name="lemma"/>, optionally followed by s/es/d/ed/ing, appears in <paramref name="sentence"/>
    /// as a whole word (case-insensitive; the characters around it are not letters or digits).
    /// </summary>
    public static bool Occurs(string lemma, string sentence)
    {
        for (int at = sentence.IndexOf(lemma, StringComparison.OrdinalIgnoreCase); at >= 0;
             at = sentence.IndexOf(lemma, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (at > 0 && char.IsLetterOrDigit(sentence[at - 1])) continue;
            int end = at + lemma.Length;
            foreach (string suffix in Suffixes)
                if (string.Compare(sentence, end, suffix, 0, suffix.Length, StringComparison.OrdinalIgnoreCase) == 0
                    && end + suffix.Length <= sentence.Length
                    && (end + suffix.Length == sentence.Length || !char.IsLetterOrDigit(sentence[end + suffix.Length])))
                    return true;
        }
        return false;
    }
}

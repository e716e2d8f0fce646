using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// A pre-tokenizer split pattern (GPT-2, Qwen2, Llama-3, ...) as written for Rust's regex / Oniguruma, run with
/// .NET's Regex with code-point semantics:
/// <list type="bullet">
/// <item>possessive quantifiers (<c>?+ *+ ++ {m,n}+</c>) become atomic groups, which .NET supports;</item>
/// <item>.NET matches UTF-16 units, so <c>\p{L}</c> would not match a letter outside the BMP and an emoji's
/// surrogates could be split from a following letter differently from Hugging Face. Text with surrogate pairs
/// is matched on a shadow string where each supplementary code point is one BMP stand-in character of the same
/// Unicode category; match positions are mapped back to the original text.</item>
/// </list>
/// </summary>
public sealed class PreTokenizerRegex
{
    /// <summary>GPT-2's pattern (the ByteLevel pre-tokenizer's default when <c>use_regex</c> is true).</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    /// <summary>Qwen2's pattern (digits one by one).</summary>
    public const string Qwen2Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private static readonly char[] CategoryStandIn = BuildStandIns();
    private readonly Regex _regex;

    public PreTokenizerRegex(string pattern)
    {
        Pattern = pattern;
        try
        {
            _regex = new Regex(Translate(pattern), RegexOptions.CultureInvariant | RegexOptions.Compiled);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"pre-tokenizer pattern {pattern} is not a regular expression .NET can run: {e.Message}", e);
        }
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>Splits <paramref name="text"/> into matches and the gaps between them ("Isolated" behaviour), or
    /// drops the matches and keeps the gaps when <paramref name="removeMatches"/> ("Removed").</summary>
    public void Split(string text, List<string> output, bool removeMatches = false)
    {
        if (text.Length == 0) return;
        bool hasSurrogates = false;
        foreach (char c in text) if (char.IsSurrogate(c)) { hasSurrogates = true; break; }

        string subject = text;
        int[]? offsets = null;  // shadow index -> original index (with one extra entry for the end)
        if (hasSurrogates) (subject, offsets) = Shadow(text);

        int last = 0;
        for (Match m = _regex.Match(subject); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0) continue;
            int start = offsets == null ? m.Index : offsets[m.Index];
            int end = offsets == null ? m.Index + m.Length : offsets[m.Index + m.Length];
            if (start > last) output.Add(text[last..start]);
            if (!removeMatches) output.Add(text[start..end]);
            last = end;
        }
        if (last < text.Length) output.Add(text[last..]);
    }

    private static (string, int[]) Shadow(string text)
    {
        var sb = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length;)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var cat = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]));
                sb.Append(CategoryStandIn[(int)cat]);
                i += 2;
            }
            else
            {
                sb.Append(text[i]);
                i++;
            }
        }
        offsets.Add(text.Length);
        return (sb.ToString(), offsets.ToArray());
    }

    /// <summary>For every Unicode category, a BMP character of that category that is not ASCII (so it never equals a
    /// literal in a pattern) and not a surrogate. Categories with no such character fall back to U+E000
    /// (private use).</summary>
    private static char[] BuildStandIns()
    {
        int count = Enum.GetValues<UnicodeCategory>().Length;
        var map = new char[count];
        Array.Fill(map, '\uE000');
        var found = new bool[count];
        for (int c = 0x80; c <= 0xFFFF; c++)
        {
            if (c >= 0xD800 && c <= 0xDFFF) continue;
            int cat = (int)CharUnicodeInfo.GetUnicodeCategory((char)c);
            // \s must behave the same: pick a non-whitespace stand-in unless the category is a separator.
            if (!found[cat] && (char.IsWhiteSpace((char)c) == (cat >= (int)UnicodeCategory.SpaceSeparator && cat <= (int)UnicodeCategory.ParagraphSeparator)))
            {
                map[cat] = (char)c;
                found[cat] = true;
            }
        }
        return map;
    }

    /// <summary>Rewrites possessive quantifiers as atomic groups; everything else is passed through.</summary>
    public static string Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var groupStarts = new Stack<int>();
        int atomStart = -1;  // index in sb where the last complete atom starts
        int i = 0;
        while (i < pattern.Length)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                int start = sb.Length;
                int len = 2;
                if (i + 1 < pattern.Length && (pattern[i + 1] == 'p' || pattern[i + 1] == 'P') && i + 2 < pattern.Length && pattern[i + 2] == '{')
                    len = pattern.IndexOf('}', i) - i + 1;
                sb.Append(pattern, i, Math.Min(len, pattern.Length - i));
                i += len;
                atomStart = start;
            }
            else if (c == '[')
            {
                int start = sb.Length;
                int j = i + 1;
                if (j < pattern.Length && pattern[j] == '^') j++;
                if (j < pattern.Length && pattern[j] == ']') j++;  // a literal ']' first in the class
                while (j < pattern.Length && pattern[j] != ']') j += pattern[j] == '\\' ? 2 : 1;
                sb.Append(pattern, i, j - i + 1);
                i = j + 1;
                atomStart = start;
            }
            else if (c == '(')
            {
                groupStarts.Push(sb.Length);
                sb.Append(c);
                i++;
                atomStart = -1;
            }
            else if (c == ')')
            {
                sb.Append(c);
                i++;
                atomStart = groupStarts.Count > 0 ? groupStarts.Pop() : -1;
            }
            else if (c is '?' or '*' or '+' or '{' && atomStart >= 0 && !(c == '?' && i > 0 && pattern[i - 1] == '('))
            {
                int j = i;
                if (c == '{') { int close = pattern.IndexOf('}', i); if (close < 0) { sb.Append(c); i++; continue; } j = close; }
                string quantifier = pattern.Substring(i, j - i + 1);
                i = j + 1;
                if (i < pattern.Length && pattern[i] == '+')
                {
                    // possessive: X?+  ->  (?>X?)
                    string atom = sb.ToString(atomStart, sb.Length - atomStart);
                    sb.Length = atomStart;
                    sb.Append("(?>").Append(atom).Append(quantifier).Append(')');
                    i++;
                }
                else
                {
                    sb.Append(quantifier);
                    if (i < pattern.Length && pattern[i] == '?') { sb.Append('?'); i++; }  // lazy
                }
                atomStart = -1;
            }
            else
            {
                atomStart = sb.Length;
                sb.Append(c);
                i++;
            }
        }
        return sb.ToString();
    }
}

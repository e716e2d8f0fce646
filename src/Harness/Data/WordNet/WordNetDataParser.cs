using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ablation.Harness.Data.WordNet;

/// <summary>
/// Parses WordNet 3.0 <c>data.noun|verb|adj|adv</c> files (format: <c>man 5 wndb</c>). Each synset line is
/// <c>offset lex_filenum ss_type w_cnt {word lex_id} p_cnt {ptr} [frames] | gloss</c>; the 29-line licence header
/// starts with two spaces and is skipped. Files are ASCII, read as Latin-1 so that no byte is ever rejected.
/// </summary>
public static partial class WordNetDataParser
{
    /// <summary>Reads every synset of one data file, in file order.</summary>
    public static List<Synset> ReadFile(string path)
    {
        var synsets = new List<Synset>();
        string name = Path.GetFileName(path);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path, Encoding.Latin1))
        {
            lineNumber++;
            if (line.StartsWith("  ", StringComparison.Ordinal) || line.Length == 0) continue;
            synsets.Add(ParseLine(line, name, lineNumber));
        }
        return synsets;
    }

    /// <summary>Parses one synset line; <paramref name="file"/> and <paramref name="lineNumber"/> go into errors.</summary>
    public static Synset ParseLine(string line, string file, int lineNumber)
    {
        int bar = line.IndexOf(" | ", StringComparison.Ordinal);
        if (bar < 0) throw new DataFormatException(file, lineNumber, "no ' | ' separating the synset fields from the gloss");
        string[] f = line[..bar].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int i = 0;
        string Next(string what) =>
            i < f.Length ? f[i++] : throw new DataFormatException(file, lineNumber, $"line ends before the {what} (field {i + 1})");
        int Parse(string text, NumberStyles style, string what) =>
            int.TryParse(text, style, CultureInfo.InvariantCulture, out int value)
                ? value
                : throw new DataFormatException(file, lineNumber, $"field {i} ({what}) is '{text}', expected a {(style == NumberStyles.HexNumber ? "hexadecimal" : "decimal")} number");

        string offset = Next("synset offset");
        if (offset.Length != 8 || !offset.All(char.IsAsciiDigit))
            throw new DataFormatException(file, lineNumber, $"field 1 (synset offset) is '{offset}', expected 8 decimal digits");
        int lexFile = Parse(Next("lex_filenum"), NumberStyles.None, "lex_filenum");
        if (lexFile >= LexicographerFiles.Names.Count)
            throw new DataFormatException(file, lineNumber, $"lex_filenum {lexFile} is outside 00..44");
        string typeField = Next("ss_type");
        if (typeField.Length != 1 || "nvasr".IndexOf(typeField[0]) < 0)
            throw new DataFormatException(file, lineNumber, $"field 3 (ss_type) is '{typeField}', expected one of n v a s r");
        char type = typeField[0];
        int wordCount = Parse(Next("w_cnt"), NumberStyles.HexNumber, "w_cnt");
        var lemmas = new List<string>(wordCount);
        for (int w = 0; w < wordCount; w++)
        {
            lemmas.Add(AdjectiveMarker().Replace(Next($"word {w + 1}"), ""));
            Next($"lex_id of word {w + 1}");
        }
        int pointerCount = Parse(Next("p_cnt"), NumberStyles.None, "p_cnt");
        var pointers = new List<SynsetPointer>(pointerCount);
        for (int p = 0; p < pointerCount; p++)
        {
            string symbol = Next($"pointer {p + 1} symbol");
            string target = Next($"pointer {p + 1} offset");
            string pos = Next($"pointer {p + 1} pos");
            string sourceTarget = Next($"pointer {p + 1} source/target");
            if (target.Length != 8 || !target.All(char.IsAsciiDigit) || pos.Length != 1 || "nvasr".IndexOf(pos[0]) < 0 || sourceTarget.Length != 4)
                throw new DataFormatException(file, lineNumber, $"pointer {p + 1} '{symbol} {target} {pos} {sourceTarget}' is not 'symbol offset(8) pos source/target(4 hex)'");
            int st = Parse(sourceTarget, NumberStyles.HexNumber, "pointer source/target");
            pointers.Add(new SynsetPointer(symbol, FilePosOf(pos[0]) + target, st >> 8, st & 0xFF));
        }
        // Verb frames (f_cnt + f_num w_num) follow for verbs; they carry no text, so they are skipped.

        var (definition, examples) = SplitGloss(line[(bar + 3)..]);
        if (definition.Length == 0) throw new DataFormatException(file, lineNumber, "the gloss has no definition before its examples");
        return new Synset(FilePosOf(type) + offset, type, lexFile, lemmas, pointers, definition, examples);
    }

    /// <summary>
    /// Splits a gloss into its definition (text before the first double quote, trailing ';' removed) and its
    /// quoted example sentences (without quotes; an author attribution after an example is dropped).
    /// </summary>
    public static (string Definition, List<string> Examples) SplitGloss(string gloss)
    {
        gloss = gloss.Trim();
        int quote = gloss.IndexOf('"');
        string definition = (quote < 0 ? gloss : gloss[..quote]).Trim().TrimEnd(';', ' ', ':', ',').Trim();
        var examples = new List<string>();
        if (quote >= 0)
            foreach (Match m in QuotedSegment().Matches(gloss, quote))
            {
                string example = m.Groups[1].Value.Trim();
                if (example.Length > 0) examples.Add(example);
            }
        return (definition, examples);
    }

    /// <summary>Satellites ("s") are stored in data.adj, so their ids use the file's letter "a".</summary>
    public static char FilePosOf(char pos) => pos == 's' ? 'a' : pos;

    [GeneratedRegex(@"\((a|p|ip)\)$")]
    private static partial Regex AdjectiveMarker();

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex QuotedSegment();
}

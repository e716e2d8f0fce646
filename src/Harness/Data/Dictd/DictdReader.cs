using System.IO.Compression;
using System.Text;

namespace Ablation.Harness.Data.Dictd;

/// <summary>
/// Reads a dictd dictionary: <c>NAME.index</c> lines are <c>headword TAB offset TAB length</c> with offset and
/// length in dictd's base64 (alphabet A–Z a–z 0–9 + /, most significant digit first) into the UTF-8 text of
/// <c>NAME.dict</c> or <c>NAME.dict.dz</c> (dictzip, which is gzip-compatible, so GZipStream reads it whole).
/// Headwords starting with <c>00-database</c> are metadata and skipped. Several headwords may point at the same
/// article; they are merged into one entry, in index order of first appearance.
/// </summary>
public static class DictdReader
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Reads <paramref name="indexPath"/> and the .dict(.dz) beside it (same name without ".index").</summary>
    public static List<DictdEntry> Read(string indexPath)
    {
        string stem = indexPath.EndsWith(".index", StringComparison.Ordinal) ? indexPath[..^".index".Length] : indexPath;
        string dictPath = File.Exists(stem + ".dict") ? stem + ".dict" : stem + ".dict.dz";
        if (!File.Exists(dictPath))
            throw new FileNotFoundException($"{indexPath}: no {Path.GetFileName(stem)}.dict or .dict.dz beside the index; install the dictionary package with scripts/install-deps", dictPath);
        byte[] data = ReadDictBytes(dictPath);

        string indexName = Path.GetFileName(indexPath);
        var entries = new List<DictdEntry>();
        var byOffset = new Dictionary<(long, long), int>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(indexPath, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split('\t');
            if (fields.Length < 3)
                throw new DataFormatException(indexName, lineNumber, $"expected 'headword<TAB>offset<TAB>length', found {fields.Length} tab-separated field(s)");
            string headword = fields[0];
            if (headword.StartsWith("00-database", StringComparison.Ordinal) || headword.StartsWith("00database", StringComparison.Ordinal)) continue;
            long offset = DecodeNumber(fields[1], indexName, lineNumber, "offset");
            long length = DecodeNumber(fields[2], indexName, lineNumber, "length");
            if (offset + length > data.Length)
                throw new DataFormatException(indexName, lineNumber, $"article at offset {offset} length {length} runs past the end of {Path.GetFileName(dictPath)} ({data.Length} bytes)");
            if (byOffset.TryGetValue((offset, length), out int existing))
            {
                var entry = entries[existing];
                if (!entry.Headwords.Contains(headword))
                    entries[existing] = entry with { Headwords = [.. entry.Headwords, headword] };
                continue;
            }
            byOffset[(offset, length)] = entries.Count;
            entries.Add(new DictdEntry([headword], Encoding.UTF8.GetString(data, (int)offset, (int)length), offset, lineNumber));
        }
        return entries;
    }

    /// <summary>Decodes a dictd base64 number, e.g. "K5" = 10·64 + 57.</summary>
    public static long DecodeNumber(string text, string file, int line, string what)
    {
        if (text.Length == 0) throw new DataFormatException(file, line, $"empty {what}");
        long value = 0;
        foreach (char c in text)
        {
            int digit = Alphabet.IndexOf(c);
            if (digit < 0) throw new DataFormatException(file, line, $"{what} '{text}' has the character '{c}', which is not in dictd's base64 alphabet");
            value = checked(value * 64 + digit);
        }
        return value;
    }

    private static byte[] ReadDictBytes(string path)
    {
        using var file = File.OpenRead(path);
        using var buffer = new MemoryStream();
        if (path.EndsWith(".dz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            gzip.CopyTo(buffer);
        }
        else file.CopyTo(buffer);
        return buffer.ToArray();
    }
}

using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// Builds the normaliser, pre-tokenizer, decoder and post-processor framing of a tokenizer.json as plain delegates.
/// Supported: normalizers NFC/NFD/NFKC/NFKD, Lowercase, Prepend, Replace, Strip, Sequence; pre-tokenizers Split
/// (Isolated/Removed), ByteLevel, Metaspace, Digits, Sequence; decoders ByteLevel, Replace, ByteFallback, Fuse, Strip,
/// Metaspace, Sequence; post-processors TemplateProcessing, ByteLevel, RobertaProcessing, BertProcessing, Sequence.
/// Anything else is an error naming the file and the JSON path, never a silent mis-tokenisation.
/// </summary>
internal static class TokenizerJsonComponents
{
    /// <summary>Splits text into words; the int is the index of the text section (sections are separated by added tokens).</summary>
    public delegate void PreTokenize(List<string> pieces, int sectionIndex);

    public const char Metaspace = '\u2581';

    public static Func<string, string> Normalizer(JsonElement e, string where)
    {
        if (e.ValueKind == JsonValueKind.Null) return s => s;
        string type = Type(e, where);
        switch (type)
        {
            case "NFC": return s => UnicodeNormalizer.Apply(s, NormalizationForm.FormC);
            case "NFD": return s => UnicodeNormalizer.Apply(s, NormalizationForm.FormD);
            case "NFKC": return s => UnicodeNormalizer.Apply(s, NormalizationForm.FormKC);
            case "NFKD": return s => UnicodeNormalizer.Apply(s, NormalizationForm.FormKD);
            case "Lowercase": return s => s.ToLowerInvariant();
            case "Prepend":
            {
                string p = e.GetProperty("prepend").GetString() ?? "";
                return s => s.Length == 0 ? s : p + s;
            }
            case "Replace":
            {
                var replace = Replacer(e, where);
                return s => replace(s);
            }
            case "Strip":
            {
                bool left = Bool(e, "strip_left", true), right = Bool(e, "strip_right", true);
                return s => left && right ? s.Trim() : left ? s.TrimStart() : right ? s.TrimEnd() : s;
            }
            case "Sequence":
            {
                var parts = e.GetProperty("normalizers").EnumerateArray().Select((n, i) => Normalizer(n, $"{where}.normalizers[{i}]")).ToList();
                return s => { foreach (var p in parts) s = p(s); return s; };
            }
            default: throw Unsupported("normalizer", type, where);
        }
    }

    /// <summary>The pre-tokenizer; <paramref name="byteLevel"/> tells whether pieces come out as byte-level characters.</summary>
    public static PreTokenize PreTokenizer(JsonElement e, string where, out bool byteLevel)
    {
        byteLevel = false;
        if (e.ValueKind == JsonValueKind.Null) return (_, _) => { };
        string type = Type(e, where);
        switch (type)
        {
            case "Sequence":
            {
                var steps = new List<PreTokenize>();
                int i = 0;
                foreach (var p in e.GetProperty("pretokenizers").EnumerateArray())
                {
                    steps.Add(PreTokenizer(p, $"{where}.pretokenizers[{i++}]", out bool bl));
                    byteLevel |= bl;
                }
                return (pieces, section) => { foreach (var s in steps) s(pieces, section); };
            }
            case "Split":
            {
                string behavior = e.TryGetProperty("behavior", out var b) ? b.GetString() ?? "Isolated" : "Isolated";
                if (Bool(e, "invert", false)) throw Unsupported("Split pre-tokenizer option", "invert=true", where);
                if (behavior is not ("Isolated" or "Removed")) throw Unsupported("Split behavior", behavior, where);
                var regex = new PreTokenizerRegex(Pattern(e.GetProperty("pattern"), where));
                bool remove = behavior == "Removed";
                return (pieces, _) => MapPieces(pieces, (piece, output) => regex.Split(piece, output, remove));
            }
            case "ByteLevel":
            {
                byteLevel = true;
                bool prefixSpace = Bool(e, "add_prefix_space", false);
                PreTokenizerRegex? regex = Bool(e, "use_regex", true) ? new PreTokenizerRegex(PreTokenizerRegex.Gpt2Pattern) : null;
                return (pieces, _) => MapPieces(pieces, (piece, output) =>
                {
                    if (prefixSpace && !piece.StartsWith(' ')) piece = " " + piece;
                    int start = output.Count;
                    if (regex != null) regex.Split(piece, output); else output.Add(piece);
                    for (int k = start; k < output.Count; k++) output[k] = ByteLevelAlphabet.EncodeText(output[k]);
                });
            }
            case "Metaspace":
            {
                string replacement = e.TryGetProperty("replacement", out var r) ? r.GetString() ?? "\u2581" : "\u2581";
                string scheme = e.TryGetProperty("prepend_scheme", out var ps) ? ps.GetString() ?? "always"
                    : Bool(e, "add_prefix_space", true) ? "always" : "never";
                bool split = Bool(e, "split", true);
                return (pieces, section) => MapPieces(pieces, (piece, output) =>
                {
                    string s = piece.Replace(" ", replacement);
                    if ((scheme == "always" || (scheme == "first" && section == 0)) && !s.StartsWith(replacement, StringComparison.Ordinal)) s = replacement + s;
                    if (!split) { output.Add(s); return; }
                    // Split before every replacement character, keeping it at the front of the next word.
                    int start = 0;
                    for (int k = 1; k < s.Length; k++)
                        if (string.CompareOrdinal(s, k, replacement, 0, replacement.Length) == 0) { output.Add(s[start..k]); start = k; }
                    if (s.Length > start) output.Add(s[start..]);
                });
            }
            case "Digits":
            {
                var regex = new PreTokenizerRegex(Bool(e, "individual_digits", false) ? @"\p{Nd}" : @"\p{Nd}+");
                return (pieces, _) => MapPieces(pieces, (piece, output) => regex.Split(piece, output));
            }
            default: throw Unsupported("pre-tokenizer", type, where);
        }
    }

    /// <summary>The decoder: a chain of steps over the token strings, joined at the end.</summary>
    public static Func<List<string>, List<string>> Decoder(JsonElement e, string where)
    {
        if (e.ValueKind == JsonValueKind.Null) return t => t;
        string type = Type(e, where);
        switch (type)
        {
            case "Sequence":
            {
                var steps = e.GetProperty("decoders").EnumerateArray().Select((d, i) => Decoder(d, $"{where}.decoders[{i}]")).ToList();
                return t => { foreach (var s in steps) t = s(t); return t; };
            }
            case "ByteLevel":
                return tokens =>
                {
                    var bytes = new List<byte>();
                    foreach (var t in tokens) ByteLevelAlphabet.DecodeTo(t, bytes);
                    return [Encoding.UTF8.GetString(bytes.ToArray())];
                };
            case "Replace":
            {
                var replace = Replacer(e, where);
                return tokens => tokens.Select(replace).ToList();
            }
            case "ByteFallback":
                return tokens =>
                {
                    var output = new List<string>();
                    var pending = new List<byte>();
                    foreach (var t in tokens)
                    {
                        if (IsByteToken(t, out byte b)) { pending.Add(b); continue; }
                        if (pending.Count > 0) { output.Add(Encoding.UTF8.GetString(pending.ToArray())); pending.Clear(); }
                        output.Add(t);
                    }
                    if (pending.Count > 0) output.Add(Encoding.UTF8.GetString(pending.ToArray()));
                    return output;
                };
            case "Fuse":
                return tokens => [string.Concat(tokens)];
            case "Strip":
            {
                char content = (e.GetProperty("content").GetString() ?? " ")[0];
                int start = e.GetProperty("start").GetInt32(), stop = e.GetProperty("stop").GetInt32();
                return tokens => tokens.Select(t =>
                {
                    int a = 0, z = t.Length;
                    while (a < start && a < z && t[a] == content) a++;
                    for (int k = 0; k < stop && z > a && t[z - 1] == content; k++) z--;
                    return t[a..z];
                }).ToList();
            }
            case "Metaspace":
            {
                string replacement = e.TryGetProperty("replacement", out var r) ? r.GetString() ?? "\u2581" : "\u2581";
                string scheme = e.TryGetProperty("prepend_scheme", out var ps) ? ps.GetString() ?? "always"
                    : Bool(e, "add_prefix_space", true) ? "always" : "never";
                return tokens => tokens.Select((t, i) =>
                {
                    string s = t.Replace(replacement, " ");
                    return i == 0 && scheme != "never" && s.StartsWith(' ') ? s[1..] : s;
                }).ToList();
            }
            default: throw Unsupported("decoder", type, where);
        }
    }

    /// <summary>The ids a post-processor puts before and after a single sequence.</summary>
    public static (List<int> Prefix, List<int> Suffix) Framing(JsonElement e, string where, Func<string, int?> tokenId)
    {
        var prefix = new List<int>();
        var suffix = new List<int>();
        if (e.ValueKind == JsonValueKind.Null) return (prefix, suffix);
        string type = Type(e, where);
        switch (type)
        {
            case "ByteLevel": break;
            case "TemplateProcessing":
            {
                bool afterSequence = false;
                var special = e.TryGetProperty("special_tokens", out var st) ? st : default;
                foreach (var item in e.GetProperty("single").EnumerateArray())
                {
                    if (item.TryGetProperty("Sequence", out _)) { afterSequence = true; continue; }
                    string name = item.GetProperty("SpecialToken").GetProperty("id").GetString()!;
                    List<int> ids;
                    if (special.ValueKind == JsonValueKind.Object && special.TryGetProperty(name, out var spec))
                        ids = spec.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToList();
                    else
                        ids = [tokenId(name) ?? throw new FormatException($"{where}: template token \"{name}\" is not in the vocabulary")];
                    (afterSequence ? suffix : prefix).AddRange(ids);
                }
                break;
            }
            case "RobertaProcessing" or "BertProcessing":
                prefix.Add(e.GetProperty("cls")[1].GetInt32());
                suffix.Add(e.GetProperty("sep")[1].GetInt32());
                break;
            case "Sequence":
            {
                int i = 0;
                foreach (var p in e.GetProperty("processors").EnumerateArray())
                {
                    var (pre, post) = Framing(p, $"{where}.processors[{i++}]", tokenId);
                    prefix.AddRange(pre);
                    suffix.InsertRange(0, post);
                }
                break;
            }
            default: throw Unsupported("post-processor", type, where);
        }
        return (prefix, suffix);
    }

    public static bool IsByteToken(string t, out byte value)
    {
        value = 0;
        return t.Length == 6 && t.StartsWith("<0x", StringComparison.Ordinal) && t[5] == '>'
            && byte.TryParse(t.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out value);
    }

    private static void MapPieces(List<string> pieces, Action<string, List<string>> map)
    {
        var output = new List<string>(pieces.Count * 2);
        foreach (var p in pieces) map(p, output);
        pieces.Clear();
        pieces.AddRange(output);
    }

    private static Func<string, string> Replacer(JsonElement e, string where)
    {
        var pattern = e.GetProperty("pattern");
        string content = e.GetProperty("content").GetString() ?? "";
        if (pattern.TryGetProperty("String", out var s))
        {
            string from = s.GetString() ?? "";
            return x => x.Replace(from, content, StringComparison.Ordinal);
        }
        var regex = new Regex(PreTokenizerRegex.Translate(Pattern(pattern, where)), RegexOptions.CultureInvariant);
        return x => regex.Replace(x, content.Replace("$", "$$"));
    }

    private static string Pattern(JsonElement pattern, string where)
    {
        if (pattern.TryGetProperty("Regex", out var r)) return r.GetString() ?? "";
        if (pattern.TryGetProperty("String", out var s)) return Regex.Escape(s.GetString() ?? "");
        throw new FormatException($"{where}.pattern: expected {{\"Regex\": ...}} or {{\"String\": ...}}");
    }

    private static string Type(JsonElement e, string where) =>
        e.TryGetProperty("type", out var t) ? t.GetString() ?? "" : throw new FormatException($"{where}: missing \"type\"");

    private static bool Bool(JsonElement e, string key, bool fallback) =>
        e.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    private static NotSupportedException Unsupported(string what, string type, string where) =>
        new($"{where}: {what} \"{type}\" is not supported by Ablation's tokenizer; supported types are listed in TokenizerJsonComponents");
}

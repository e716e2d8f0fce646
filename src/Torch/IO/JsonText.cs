using System.Globalization;
using System.Text;

namespace Ablation.Torch.IO;

/// <summary>
/// Writes JSON strings exactly as serde_json (safetensors headers) and Python's <c>json.dumps</c> (index
/// files) do, so our files are byte-identical to the reference writers': only quote, backslash and control
/// characters are escaped (lowercase \u00xx), and with <c>asciiOnly</c> every non-ASCII UTF-16 unit too.
/// </summary>
internal static class JsonText
{
    public static void AppendString(StringBuilder json, string value, bool asciiOnly)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                default:
                    if (c < 0x20 || (asciiOnly && c > 0x7e))
                        json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }
}

/// <summary>Orders strings by Unicode code point, which equals the byte order of their UTF-8 encodings: the
/// order Rust's <c>String</c> and Python's <c>str</c> comparisons use (UTF-16 ordinal order differs for
/// characters above U+FFFF).</summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = x.EnumerateRunes();
        var b = y.EnumerateRunes();
        while (true)
        {
            bool hasA = a.MoveNext(), hasB = b.MoveNext();
            if (!hasA || !hasB) return hasA.CompareTo(hasB);
            int c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0) return c;
        }
    }
}

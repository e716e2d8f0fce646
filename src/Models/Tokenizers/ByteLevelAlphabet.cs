using System.Text;

namespace Ablation.Models.Tokenizers;

/// <summary>
/// GPT-2's reversible byte → printable character map used by byte-level BPE: printable Latin-1 bytes map to
/// themselves, the other 68 bytes to U+0100 onwards in byte order (so a space becomes 'Ġ', a newline 'Ċ').
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = Build();
    private static readonly Dictionary<char, byte> CharToByte = ByteToChar.Select((c, b) => (c, b)).ToDictionary(t => t.c, t => (byte)t.b);

    /// <summary>The character standing for byte <paramref name="b"/>.</summary>
    public static char Encode(byte b) => ByteToChar[b];

    /// <summary>All 256 characters in byte order (the trainer's initial alphabet).</summary>
    public static IReadOnlyList<char> Characters => ByteToChar;

    /// <summary>The UTF-8 bytes of <paramref name="text"/> written as byte-level characters.</summary>
    public static string EncodeText(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, (span, b) => { for (int i = 0; i < b.Length; i++) span[i] = ByteToChar[b[i]]; });
    }

    /// <summary>Appends the bytes behind byte-level characters; a character outside the map (an added token that is
    /// not byte-level) contributes its own UTF-8 bytes.</summary>
    public static void DecodeTo(string token, List<byte> bytes)
    {
        foreach (char c in token)
        {
            if (CharToByte.TryGetValue(c, out byte b)) bytes.Add(b);
            else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        }
    }

    private static char[] Build()
    {
        var map = new char[256];
        bool Printable(int b) => (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        int extra = 0;
        for (int b = 0; b < 256; b++)
            map[b] = Printable(b) ? (char)b : (char)(256 + extra++);
        return map;
    }
}

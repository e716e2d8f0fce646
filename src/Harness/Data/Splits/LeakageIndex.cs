namespace Ablation.Harness.Data.Splits;

/// <summary>
/// Detects evaluation text inside training text. Texts are normalised (lower case, every run of non-letters and
/// non-digits is one space) and compared as word sequences: an evaluation text of 4–7 words leaks if it occurs
/// as a contiguous word sequence of a training text; a longer one leaks if any of its 8-word windows does.
/// Evaluation texts under 4 words ("he ran") are too common to forbid and are not checked.
/// Hashes are FNV-1a over the words, so results do not depend on the process.
/// </summary>
public sealed class LeakageIndex
{
    public const int MinWords = 4;
    public const int Window = 8;

    private readonly HashSet<ulong>[] sequences = Enumerable.Range(0, Window + 1).Select(_ => new HashSet<ulong>()).ToArray();

    /// <summary>Number of evaluation texts registered (after dropping those under <see cref="MinWords"/> words).</summary>
    public int Count { get; private set; }

    public void Add(string evalText)
    {
        var words = Words(evalText);
        if (words.Length < MinWords) return;
        Count++;
        if (words.Length < Window) sequences[words.Length].Add(HashRange(words, 0, words.Length));
        else
            for (int start = 0; start + Window <= words.Length; start++)
                sequences[Window].Add(HashRange(words, start, Window));
    }

    /// <summary>True when <paramref name="trainingText"/> contains a registered evaluation text (or 8-word window of one).</summary>
    public bool Leaks(string trainingText)
    {
        var words = Words(trainingText);
        for (int length = MinWords; length <= Window; length++)
        {
            var set = sequences[length];
            if (set.Count == 0) continue;
            for (int start = 0; start + length <= words.Length; start++)
                if (set.Contains(HashRange(words, start, length))) return true;
        }
        return false;
    }

    /// <summary>The normalised words of <paramref name="text"/>, each as its FNV-1a hash.</summary>
    public static ulong[] Words(string text)
    {
        var result = new List<ulong>();
        ulong hash = Offset;
        bool inWord = false;
        foreach (char raw in text)
        {
            if (char.IsLetterOrDigit(raw))
            {
                char c = char.ToLowerInvariant(raw);
                hash = (hash ^ c) * Prime;
                inWord = true;
            }
            else if (inWord)
            {
                result.Add(hash);
                hash = Offset;
                inWord = false;
            }
        }
        if (inWord) result.Add(hash);
        return [.. result];
    }

    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private static ulong HashRange(ulong[] words, int start, int length)
    {
        ulong hash = Offset ^ (ulong)length;
        for (int i = start; i < start + length; i++)
            hash = (hash ^ words[i]) * Prime + 0x9E3779B97F4A7C15UL;
        return hash;
    }
}

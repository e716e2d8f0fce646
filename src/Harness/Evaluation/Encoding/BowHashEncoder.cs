using Ablation.Models;
using System.Globalization;
using System.Text;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// A deterministic, model-free baseline (<c>builtin:bow-hash</c>): lower-cased word unigrams and character
/// 3-grams of each word (with boundary marks) are hashed (FNV-1a) into <see cref="Dimension"/> signed buckets,
/// weighted by 1 + log(tf), and L2-normalised. It needs no weights, so the whole evaluation pipeline runs
/// end to end without a trained model, and it gives a floor that any trained model should beat.
/// Instructions are ignored (a bag of words cannot use them).
/// </summary>
public sealed class BowHashEncoder : ITextEncoder
{
    public const string Name = "builtin:bow-hash";

    public BowHashEncoder(int dimension = 256)
    {
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), "dimension must be positive");
        Dimension = dimension;
    }

    public string ModelId => $"{Name}:{Dimension}:v1";

    public int Dimension { get; }

    public int BatchSize => 256;

    /// <summary>Factory for <see cref="EncoderRegistry"/>: accepts <c>builtin:bow-hash</c> and <c>builtin:bow-hash:&lt;dim&gt;</c>.</summary>
    public static ITextEncoder? TryCreate(string model)
    {
        if (string.Equals(model, Name, StringComparison.OrdinalIgnoreCase)) return new BowHashEncoder();
        if (model.StartsWith(Name + ":", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(model[(Name.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int dimension) && dimension > 0)
            return new BowHashEncoder(dimension);
        return null;
    }

    public EmbeddingMatrix Encode(IReadOnlyList<string> texts, TextKind kind, string? instruction)
    {
        var data = new float[texts.Count * Dimension];
        for (int i = 0; i < texts.Count; i++) EncodeOne(texts[i], data.AsSpan(i * Dimension, Dimension));
        return new EmbeddingMatrix(data, texts.Count, Dimension).NormalizeRows();
    }

    private void EncodeOne(string text, Span<float> row)
    {
        var counts = new Dictionary<ulong, int>();
        foreach (var word in Words(text))
        {
            Add(counts, Hash("w:" + word));
            string marked = "<" + word + ">";
            for (int i = 0; i + 3 <= marked.Length; i++) Add(counts, Hash("c:" + marked.Substring(i, 3)));
        }
        foreach (var (hash, count) in counts)
        {
            int bucket = (int)(hash % (ulong)Dimension);
            float sign = ((hash >> 63) & 1) == 0 ? 1f : -1f;
            row[bucket] += sign * (float)(1 + Math.Log(count));
        }
    }

    private static void Add(Dictionary<ulong, int> counts, ulong hash) => counts[hash] = counts.GetValueOrDefault(hash) + 1;

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c)) word.Append(c);
            else if (word.Length > 0) { yield return word.ToString(); word.Clear(); }
        }
        if (word.Length > 0) yield return word.ToString();
    }

    private static ulong Hash(string token)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(token)) { hash ^= b; hash *= 1099511628211UL; }
        return hash;
    }
}

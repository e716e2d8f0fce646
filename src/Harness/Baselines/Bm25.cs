namespace Ablation.Harness.Baselines;

/// <summary>
/// Okapi BM25 over a fixed document collection: a lexical, encoder-free baseline. Tokens are lower-cased runs of
/// letters and digits. score(q, d) = Σ_{t ∈ q} idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl)) with Lucene's
/// non-negative idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)); k1 = 1.2, b = 0.75 by default. Repeated query terms
/// count once per occurrence, as in Lucene and rank_bm25.
/// </summary>
public sealed class Bm25
{
    private readonly List<Dictionary<string, int>> termFrequencies = [];
    private readonly int[] lengths;
    private readonly Dictionary<string, int> documentFrequency = new(StringComparer.Ordinal);
    private readonly double averageLength;
    private readonly double k1;
    private readonly double b;

    public Bm25(IReadOnlyList<string> documents, double k1 = 1.2, double b = 0.75)
    {
        this.k1 = k1;
        this.b = b;
        lengths = new int[documents.Count];
        for (int i = 0; i < documents.Count; i++)
        {
            var tf = new Dictionary<string, int>(StringComparer.Ordinal);
            var tokens = Tokenize(documents[i]);
            foreach (string token in tokens) tf[token] = tf.GetValueOrDefault(token) + 1;
            foreach (string term in tf.Keys) documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            termFrequencies.Add(tf);
            lengths[i] = tokens.Count;
        }
        averageLength = documents.Count == 0 ? 0 : lengths.Average();
    }

    public int Count => lengths.Length;

    /// <summary>The inverse document frequency of <paramref name="term"/> (0 when no document has it).</summary>
    public double Idf(string term)
    {
        int df = documentFrequency.GetValueOrDefault(term);
        return df == 0 ? 0 : Math.Log(1 + (Count - df + 0.5) / (df + 0.5));
    }

    /// <summary>The BM25 score of <paramref name="query"/> for every document, in document order.</summary>
    public double[] Scores(string query)
    {
        var scores = new double[Count];
        foreach (string term in Tokenize(query))
        {
            double idf = Idf(term);
            if (idf == 0) continue;
            for (int d = 0; d < Count; d++)
                if (termFrequencies[d].TryGetValue(term, out int tf))
                    scores[d] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[d] / averageLength));
        }
        return scores;
    }

    /// <summary>Lower-cased runs of letters and digits.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool word = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (word && start < 0) start = i;
            else if (!word && start >= 0)
            {
                tokens.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }
        return tokens;
    }
}

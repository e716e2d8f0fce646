using Ablation.Models.Tokenizers;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Documents turned into one stream of token ids for causal-LM training: each document is
/// BOS, its tokens, EOS, and the documents follow each other without padding (packing).
/// <see cref="Sequences"/> cuts the stream into training rows.
/// </summary>
public sealed class TokenStream
{
    private TokenStream(int[] tokens, int documents)
    {
        Tokens = tokens;
        Documents = documents;
    }

    /// <summary>The packed ids.</summary>
    public int[] Tokens { get; }

    /// <summary>How many documents went in.</summary>
    public int Documents { get; }

    /// <summary>
    /// Encodes documents in order until the stream holds at least <paramref name="minTokens"/> ids (or the
    /// documents run out). BOS/EOS come from the tokenizer, so a model trained on the stream learns where
    /// documents start and end.
    /// </summary>
    public static TokenStream Encode(ITokenizer tokenizer, IEnumerable<string> documents, long minTokens = long.MaxValue)
    {
        int bos = tokenizer.BosId ?? throw new ArgumentException("the tokenizer has no BOS token; packing needs one to mark document starts");
        int eos = tokenizer.EosId ?? throw new ArgumentException("the tokenizer has no EOS token; packing needs one to mark document ends");
        var ids = new List<int>();
        int count = 0;
        foreach (string document in documents)
        {
            if (ids.Count >= minTokens) break;
            ids.Add(bos);
            ids.AddRange(tokenizer.Encode(document, addSpecial: false));
            ids.Add(eos);
            count++;
        }
        return new TokenStream(ids.ToArray(), count);
    }

    /// <summary>
    /// Rows of <paramref name="seqLength"/> + 1 ids: row i is <c>Tokens[i·L .. i·L + L]</c>, so its first L ids are
    /// the inputs and its last L ids the targets, and every id after the first is a target exactly once. The
    /// incomplete tail is dropped.
    /// </summary>
    public int[][] Sequences(int seqLength)
    {
        if (seqLength < 1) throw new ArgumentOutOfRangeException(nameof(seqLength), seqLength, "the sequence length must be at least 1");
        long rows = Tokens.Length <= 1 ? 0 : (Tokens.Length - 1) / seqLength;
        var result = new int[rows][];
        for (long i = 0; i < rows; i++)
            result[i] = Tokens.AsSpan((int)(i * seqLength), seqLength + 1).ToArray();
        return result;
    }
}

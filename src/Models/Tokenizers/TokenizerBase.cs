namespace Ablation.Models.Tokenizers;

/// <summary>
/// What both tokenizer kinds share: special-token bookkeeping, framing with BOS/EOS, and batch encoding.
/// Subclasses only turn text into ids (<see cref="EncodeBody"/>) and ids into text (<see cref="Decode"/>).
/// </summary>
public abstract class TokenizerBase : ITokenizer
{
    private int[] _prefix = [];
    private int[] _suffix = [];

    public abstract int VocabSize { get; }

    public int? BosId { get; private set; }

    public int? EosId { get; private set; }

    public int PadId { get; private set; }

    public bool AddsBosByDefault => BosId is int b && _prefix.Length > 0 && _prefix[0] == b;

    /// <summary>Whether <see cref="Encode"/> with specials ends with EOS (tokenizer_config.json <c>add_eos_token</c>
    /// or the post-processor).</summary>
    public bool AddsEosByDefault => EosId is int e && _suffix.Length > 0 && _suffix[^1] == e;

    /// <summary>Ids that <see cref="Decode"/> leaves out when skipping special tokens.</summary>
    protected HashSet<int> SpecialIds { get; } = new();

    /// <summary>Text → ids without any framing tokens (special-token text inside it still maps to its id).</summary>
    protected abstract void EncodeBody(string text, List<int> output);

    public abstract string Decode(IReadOnlyList<int> ids, bool skipSpecial = true);

    public abstract int? TokenToId(string token);

    public abstract string? IdToToken(int id);

    /// <summary>Sets BOS/EOS/pad and what <see cref="Encode"/> adds around the text when asked for specials.</summary>
    public void ConfigureSpecialTokens(int? bosId, int? eosId, int? padId, IReadOnlyList<int> prefix, IReadOnlyList<int> suffix)
    {
        BosId = bosId;
        EosId = eosId;
        PadId = padId ?? eosId ?? 0;
        _prefix = prefix.ToArray();
        _suffix = suffix.ToArray();
        foreach (int? id in new[] { bosId, eosId, padId }) if (id is int i) SpecialIds.Add(i);
    }

    public int[] Encode(string text, bool addSpecial = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        if (addSpecial) ids.AddRange(_prefix);
        EncodeBody(text, ids);
        if (addSpecial) ids.AddRange(_suffix);
        return ids.ToArray();
    }

    public TokenBatch EncodeBatch(IReadOnlyList<string> texts, BatchEncodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxLength is int m && m < 1) throw new ArgumentException($"MaxLength must be at least 1, got {m}", nameof(options));
        if (options.PadToMaxLength && options.MaxLength == null) throw new ArgumentException("PadToMaxLength needs MaxLength", nameof(options));
        if (options.AppendEos && EosId == null)
            throw new InvalidOperationException("AppendEos is set but this tokenizer declares no EOS token; set eos_token in tokenizer_config.json or turn AppendEos off");
        bool addBos = (options.AddBos ?? AddsBosByDefault) && BosId != null;
        int framing = (addBos ? 1 : 0) + (options.AppendEos ? 1 : 0);
        if (options.MaxLength is int max && max < framing)
            throw new ArgumentException($"MaxLength {max} leaves no room for the {framing} BOS/EOS token(s)", nameof(options));

        var rows = new int[texts.Count][];
        var body = new List<int>();
        int truncated = 0;
        for (int r = 0; r < texts.Count; r++)
        {
            body.Clear();
            EncodeBody(texts[r] ?? throw new ArgumentException($"text {r} is null", nameof(texts)), body);
            int keep = body.Count;
            if (options.MaxLength is int limit && body.Count + framing > limit)
            {
                if (!options.Truncation)
                    throw new ArgumentException($"text {r} has {body.Count + framing} tokens, more than MaxLength {limit}, and Truncation is off");
                keep = limit - framing;  // cut the text, never the EOS that last-token pooling reads
                truncated++;
            }
            var row = new int[keep + framing];
            int k = 0;
            if (addBos) row[k++] = BosId!.Value;
            for (int i = 0; i < keep; i++) row[k++] = body[i];
            if (options.AppendEos) row[k] = EosId!.Value;
            rows[r] = row;
        }

        int seqLen = options.PadToMaxLength ? options.MaxLength!.Value : Math.Max(1, rows.Length == 0 ? 1 : rows.Max(x => x.Length));
        var ids = new long[rows.Length * seqLen];
        var mask = new long[rows.Length * seqLen];
        var lengths = new int[rows.Length];
        var last = new int[rows.Length];
        Array.Fill(ids, PadId);
        for (int r = 0; r < rows.Length; r++)
        {
            int len = rows[r].Length;
            int offset = options.PaddingSide == PaddingSide.Left ? seqLen - len : 0;
            for (int i = 0; i < len; i++)
            {
                ids[r * seqLen + offset + i] = rows[r][i];
                mask[r * seqLen + offset + i] = 1;
            }
            lengths[r] = len;
            last[r] = offset + len - 1;  // -1 only for an empty row without BOS/EOS
        }
        return new TokenBatch(ids, mask, rows.Length, seqLen, lengths, last, options.PaddingSide) { TruncatedRows = truncated };
    }
}

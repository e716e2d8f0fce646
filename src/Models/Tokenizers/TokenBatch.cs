namespace Ablation.Models.Tokenizers;

/// <summary>
/// A padded batch of token ids. <see cref="InputIds"/> and <see cref="AttentionMask"/> are row-major
/// [<see cref="BatchSize"/>, <see cref="SequenceLength"/>] as <c>long</c>, ready to become int64 tensors.
/// </summary>
public sealed class TokenBatch
{
    public TokenBatch(long[] inputIds, long[] attentionMask, int batchSize, int sequenceLength, int[] lengths,
        int[] lastTokenIndex, PaddingSide paddingSide)
    {
        if (inputIds.Length != batchSize * sequenceLength || attentionMask.Length != inputIds.Length)
            throw new ArgumentException($"ids/mask hold {inputIds.Length}/{attentionMask.Length} values, expected {batchSize}×{sequenceLength}");
        InputIds = inputIds;
        AttentionMask = attentionMask;
        BatchSize = batchSize;
        SequenceLength = sequenceLength;
        Lengths = lengths;
        LastTokenIndex = lastTokenIndex;
        PaddingSide = paddingSide;
    }

    /// <summary>Token ids, row-major [batch, seqLen]; pad positions hold the tokenizer's pad id.</summary>
    public long[] InputIds { get; }

    /// <summary>1 for real tokens, 0 for padding, row-major [batch, seqLen].</summary>
    public long[] AttentionMask { get; }

    public int BatchSize { get; }

    public int SequenceLength { get; }

    /// <summary>Number of real (non-pad) tokens per row.</summary>
    public int[] Lengths { get; }

    /// <summary>Column of the last real token per row (the appended EOS when EOS was appended): where last-token
    /// pooling reads.</summary>
    public int[] LastTokenIndex { get; }

    public PaddingSide PaddingSide { get; }

    /// <summary>Rows whose text was cut to fit <see cref="BatchEncodingOptions.MaxLength"/> (callers warn about them).</summary>
    public int TruncatedRows { get; init; }

    /// <summary>The real token ids of one row, without padding.</summary>
    public long[] Row(int row)
    {
        int start = row * SequenceLength + (PaddingSide == PaddingSide.Left ? SequenceLength - Lengths[row] : 0);
        return InputIds.AsSpan(start, Lengths[row]).ToArray();
    }
}

namespace Ablation.Models.Tokenizers;

/// <summary>How <see cref="ITokenizer.EncodeBatch"/> builds rows.</summary>
public sealed record BatchEncodingOptions
{
    /// <summary>Longest allowed row, special tokens included; null = no limit.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Pad side; decoder LLMs are usually padded on the left for generation, either works for embeddings.</summary>
    public PaddingSide PaddingSide { get; init; } = PaddingSide.Right;

    /// <summary>Cut rows longer than <see cref="MaxLength"/> (the text is cut, BOS/EOS are kept). When false a
    /// longer row is an error.</summary>
    public bool Truncation { get; init; } = true;

    /// <summary>Pad every row to <see cref="MaxLength"/> instead of to the longest row of the batch.</summary>
    public bool PadToMaxLength { get; init; }

    /// <summary>Put BOS in front; null = what the tokenizer does by default (<see cref="ITokenizer.AddsBosByDefault"/>).
    /// Ignored when the tokenizer has no BOS.</summary>
    public bool? AddBos { get; init; }

    /// <summary>Append EOS to every row, whatever the tokenizer.json post-processor says (e5-mistral's post-processor
    /// adds only BOS, which would make last-token pooling read the last word). Requires an EOS token.</summary>
    public bool AppendEos { get; init; } = true;
}

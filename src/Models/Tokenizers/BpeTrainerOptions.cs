namespace Ablation.Models.Tokenizers;

/// <summary>Settings of <see cref="BpeTrainer"/>.</summary>
public sealed record BpeTrainerOptions
{
    /// <summary>Final vocabulary size: special tokens + 256 byte characters + merges (fewer merges when pairs run
    /// out or fall below <see cref="MinFrequency"/>).</summary>
    public int VocabSize { get; init; } = 4096;

    /// <summary>A pair seen fewer times than this is never merged.</summary>
    public int MinFrequency { get; init; } = 2;

    public string BosToken { get; init; } = "<s>";

    public string EosToken { get; init; } = "</s>";

    public string PadToken { get; init; } = "<pad>";

    /// <summary>Extra special tokens after BOS, EOS and pad (ids follow theirs).</summary>
    public IReadOnlyList<string> ExtraSpecialTokens { get; init; } = [];

    /// <summary>Pre-tokenizer split pattern; the default is Qwen2's (one digit per token, contractions, punctuation runs).</summary>
    public string Pattern { get; init; } = PreTokenizerRegex.Qwen2Pattern;

    /// <summary>Declare and apply an NFC normaliser.</summary>
    public bool NormalizeNfc { get; init; } = true;

    /// <summary>Whether the saved tokenizer adds BOS by default (tokenizer_config.json <c>add_bos_token</c>).</summary>
    public bool AddBosToken { get; init; } = true;

    /// <summary>tokenizer_config.json <c>model_max_length</c>.</summary>
    public int ModelMaxLength { get; init; } = 2048;
}

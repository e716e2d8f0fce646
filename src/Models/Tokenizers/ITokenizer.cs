namespace Ablation.Models.Tokenizers;

/// <summary>
/// Text ↔ token ids for a decoder LLM. Implementations: <see cref="HfTokenizer"/> (a Hugging Face
/// <c>tokenizer.json</c>: byte-level BPE or SentencePiece-style BPE) and <see cref="SentencePieceBpeTokenizer"/>
/// (a SentencePiece <c>tokenizer.model</c>). Load one with <see cref="TokenizerLoader.Load"/>.
/// </summary>
public interface ITokenizer
{
    /// <summary>Number of ids, including added/special tokens (the largest id + 1).</summary>
    int VocabSize { get; }

    /// <summary>Beginning-of-sequence id, or null when the tokenizer has none (Qwen2).</summary>
    int? BosId { get; }

    /// <summary>End-of-sequence id, or null when none is declared.</summary>
    int? EosId { get; }

    /// <summary>Id used for padding: the declared pad token, else EOS, else 0 (the mask hides it either way).</summary>
    int PadId { get; }

    /// <summary>Whether <see cref="Encode"/> with <c>addSpecial</c> puts BOS in front (tokenizer_config.json
    /// <c>add_bos_token</c>, else the tokenizer.json post-processor).</summary>
    bool AddsBosByDefault { get; }

    /// <summary>Encodes one text. With <paramref name="addSpecial"/> the tokenizer's own special tokens are added the
    /// way Hugging Face would (BOS for Llama, nothing for Qwen2); special-token text inside <paramref name="text"/>
    /// (e.g. <c>&lt;|im_start|&gt;</c>) always maps to its id.</summary>
    int[] Encode(string text, bool addSpecial = true);

    /// <summary>Turns ids back into text; special tokens are left out when <paramref name="skipSpecial"/>.</summary>
    string Decode(IReadOnlyList<int> ids, bool skipSpecial = true);

    /// <summary>The id of a token string (exact vocabulary entry), or null.</summary>
    int? TokenToId(string token);

    /// <summary>The vocabulary entry of an id, or null when out of range.</summary>
    string? IdToToken(int id);

    /// <summary>Encodes a batch into padded, row-major id and mask matrices; see <see cref="BatchEncodingOptions"/>.</summary>
    TokenBatch EncodeBatch(IReadOnlyList<string> texts, BatchEncodingOptions options);
}

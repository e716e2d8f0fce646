using Ablation.Models.Tokenizers;

namespace Ablation.Models.Tests.Tokenizers;

/// <summary>Running Rust/Oniguruma split patterns with .NET Regex: possessive quantifiers and code-point semantics.</summary>
public class PreTokenizerRegexTests
{
    private static List<string> Split(string pattern, string text)
    {
        var output = new List<string>();
        new PreTokenizerRegex(pattern).Split(text, output);
        return output;
    }

    [Fact]
    public void Possessive_quantifiers_become_atomic_groups()
    {
        Assert.Equal(@"(?>[^\s\p{L}]?)(?>\p{L}+)a(?>x*)", PreTokenizerRegex.Translate(@"[^\s\p{L}]?+\p{L}++ax*+"));
        Assert.Equal(@"(?>(ab){1,3})", PreTokenizerRegex.Translate(@"(ab){1,3}+"));
        Assert.Equal(@"(?i:'s|'t)|\p{N}{1,3}|a+?", PreTokenizerRegex.Translate(@"(?i:'s|'t)|\p{N}{1,3}|a+?"));
    }

    [Fact]
    public void Llama3_style_possessive_pattern_compiles_and_splits()
    {
        // Llama-3 / o200k style: possessive ?+ and ++ (not supported by .NET directly).
        const string pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+";
        Assert.Equal(["Hello", ",", " world", " ", "123", "4", "!!"], Split(pattern, "Hello, world 1234!!"));
    }

    [Fact]
    public void Surrogate_pairs_are_matched_as_single_code_points()
    {
        // 🤗 is a symbol (So), not a letter: in Qwen's pattern "[^\r\n\p{L}\p{N}]?\p{L}+" it prefixes the letters after it,
        // as in Hugging Face; a UTF-16 regex would cut it off as punctuation instead.
        Assert.Equal(["\U0001F917abc"], Split(PreTokenizerRegex.Qwen2Pattern, "\U0001F917abc"));
        // Mathematical script letters (outside the BMP) are \p{L}; mathematical bold digits are \p{N}, one per token.
        Assert.Equal(["\U0001D49C\U0001D4B7", " ", "\U0001D7CF", "\U0001D7D0"], Split(PreTokenizerRegex.Qwen2Pattern, "\U0001D49C\U0001D4B7 \U0001D7CF\U0001D7D0"));
    }

    [Fact]
    public void Gpt2_pattern_splits_contractions_spaces_and_digits()
    {
        Assert.Equal(["I", "'m", " here", "  ", " 123", "!"], Split(PreTokenizerRegex.Gpt2Pattern, "I'm here   123!"));
    }
}

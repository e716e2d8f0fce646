using Ablation.Models.Tokenizers;

namespace Ablation.Models.Tests.Tokenizers;

/// <summary>SentencePiece BPE: our .model reader against spm_encode on models trained with spm_train for the
/// fixture, and a Llama/Mistral tokenizer.json against transformers.js (tests/fixtures/tokenizers/make_reference.sh).</summary>
public class SentencePieceTests
{
    public static IEnumerable<object[]> SpmCases => TokenizerFixtures.CaseIndices("spm_llama");

    public static IEnumerable<object[]> LlamaJsonCases => TokenizerFixtures.CaseIndices("llama2");

    [Theory]
    [MemberData(nameof(SpmCases))]
    public void Llama_style_model_matches_spm_encode_and_round_trips(int index)
    {
        var (text, expected, _) = TokenizerFixtures.Cases("spm_llama")[index];
        int[] ids = TokenizerFixtures.SpLlama.Encode(text, addSpecial: false);
        Assert.Equal(expected, ids);
        // identity normalisation + byte fallback: every text comes back exactly.
        Assert.Equal(text, TokenizerFixtures.SpLlama.Decode(ids));
    }

    [Theory]
    [MemberData(nameof(SpmCases))]
    public void Nfkc_model_matches_spm_encode(int index)
    {
        var (text, expected, _) = TokenizerFixtures.Cases("spm_nfkc")[index];
        Assert.Equal(expected, TokenizerFixtures.SpNfkc.Encode(text, addSpecial: false));
    }

    [Fact]
    public void Model_file_fields_are_read()
    {
        var model = SentencePieceModel.Load(TokenizerFixtures.Fixture("sp-llama.model"));
        Assert.Equal(2, model.ModelType);  // BPE
        Assert.True(model.ByteFallback);
        Assert.Equal("identity", model.NormalizerName);
        Assert.False(model.RemoveExtraWhitespaces);
        Assert.True(model.AddDummyPrefix);
        Assert.Equal(420, model.Pieces.Count);
        Assert.Equal(("<unk>", SentencePieceType.Unknown), (model.Pieces[0].Piece, model.Pieces[0].Type));
        Assert.Equal(("<s>", SentencePieceType.Control), (model.Pieces[1].Piece, model.Pieces[1].Type));
        Assert.Equal(("<0x00>", SentencePieceType.Byte), (model.Pieces[3].Piece, model.Pieces[3].Type));
        var nfkc = SentencePieceModel.Load(TokenizerFixtures.Fixture("sp-nfkc.model"));
        Assert.Equal("nmt_nfkc", nfkc.NormalizerName);
        Assert.False(nfkc.ByteFallback);
        Assert.True(nfkc.RemoveExtraWhitespaces);
    }

    [Fact]
    public void Bos_is_added_by_default_and_eos_only_when_asked()
    {
        var t = TokenizerFixtures.SpLlama;
        Assert.Equal(1, t.BosId);
        Assert.Equal(2, t.EosId);
        int[] withSpecial = t.Encode("Hello world");
        Assert.Equal(1, withSpecial[0]);
        Assert.Equal(t.Encode("Hello world", addSpecial: false), withSpecial[1..]);
        Assert.Equal("Hello world", t.Decode(withSpecial));
        // As Hugging Face's (legacy) Llama tokenizer: the dummy-prefix space after a kept control token stays.
        Assert.Equal("<s> Hello world", t.Decode(withSpecial, skipSpecial: false));
    }

    [Theory]
    [MemberData(nameof(LlamaJsonCases))]
    public void Llama_tokenizer_json_matches_transformers_js_and_round_trips(int index)
    {
        var (text, expected, raw) = TokenizerFixtures.Cases("llama2")[index];
        var t = TokenizerFixtures.LlamaJson;
        Assert.Equal(expected, t.Encode(text));
        int[] plain = t.Encode(text, addSpecial: false);
        Assert.Equal(TokenizerFixtures.Ids(raw.GetProperty("ids_no_special")), plain);
        if (!text.Contains("<s>") && !text.Contains("</s>"))
            Assert.Equal(text, t.Decode(plain));
    }

    [Fact]
    public void Llama_tokenizer_json_uses_byte_fallback_for_unseen_characters()
    {
        var t = TokenizerFixtures.LlamaJson;
        int[] ids = t.Encode("\U0001F917", addSpecial: false);  // 🤗 is not a piece: four <0xNN> bytes after "▁"
        Assert.Equal(["<0xF0>", "<0x9F>", "<0xA4>", "<0x97>"], ids[^4..].Select(i => t.IdToToken(i)!).ToArray());
        Assert.Equal("\U0001F917", t.Decode(ids));
    }

    [Theory]
    [InlineData("first", new[] { 0, 2, 1, 4 })]
    [InlineData("always", new[] { 0, 2, 0, 4 })]
    [InlineData("never", new[] { 1, 2, 1, 4 })]
    public void Metaspace_prepend_scheme_first_means_only_at_the_start_of_the_input(string scheme, int[] expected)
    {
        // Hugging Face's Metaspace: spaces become "▁"; "first" prepends "▁" only to the text at offset 0, so the
        // section after an added token gets none. Vocabulary: ▁a=0, a=1, <s>=2 (added), ▁=3, ▁b=4.
        string dir = Path.Combine(Path.GetTempPath(), "ablation-metaspace-" + scheme + "-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "tokenizer.json"),
            "{\"added_tokens\":[{\"id\":2,\"content\":\"<s>\",\"special\":true}],\"normalizer\":null," +
            "\"pre_tokenizer\":{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"" + scheme + "\",\"split\":true}," +
            "\"decoder\":{\"type\":\"Metaspace\",\"replacement\":\"\u2581\",\"prepend_scheme\":\"" + scheme + "\",\"split\":true}," +
            "\"model\":{\"type\":\"BPE\",\"vocab\":{\"\u2581a\":0,\"a\":1,\"<s>\":2,\"\u2581\":3,\"\u2581b\":4,\"b\":5}," +
            "\"merges\":[\"\u2581 a\",\"\u2581 b\"]}}");
        var t = TokenizerLoader.Load(dir);
        Assert.Equal(expected, t.Encode("a<s>a b", addSpecial: false));
        Directory.Delete(dir, true);
    }
}

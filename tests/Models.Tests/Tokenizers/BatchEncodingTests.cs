using Ablation.Models.Tokenizers;

namespace Ablation.Models.Tests.Tokenizers;

/// <summary>Batch encoding invariants: every row equals the single-text encoding framed by BOS/EOS, pads and masks
/// sit on the requested side, truncation keeps BOS and the appended EOS, and EOS is appended even when the
/// tokenizer.json post-processor would not add it.</summary>
public class BatchEncodingTests
{
    private static readonly string[] Texts = ["Hello world", "A much longer sentence with 42 tokens or so, and emoji 🤗.", ""];

    [Theory]
    [InlineData(PaddingSide.Right)]
    [InlineData(PaddingSide.Left)]
    public void Rows_are_single_encodings_with_bos_and_eos_padded_on_the_requested_side(PaddingSide side)
    {
        var t = TokenizerFixtures.LlamaJson;  // post-processor adds only <s>
        var batch = t.EncodeBatch(Texts, new BatchEncodingOptions { PaddingSide = side });
        Assert.Equal(Texts.Length, batch.BatchSize);
        int longest = Texts.Max(x => t.Encode(x, false).Length) + 2;
        Assert.Equal(longest, batch.SequenceLength);
        for (int r = 0; r < Texts.Length; r++)
        {
            long[] expected = [t.BosId!.Value, .. t.Encode(Texts[r], false).Select(i => (long)i), t.EosId!.Value];
            Assert.Equal(expected, batch.Row(r));
            Assert.Equal(expected.Length, batch.Lengths[r]);
            int pad = batch.SequenceLength - expected.Length;
            for (int c = 0; c < batch.SequenceLength; c++)
            {
                bool isPad = side == PaddingSide.Right ? c >= expected.Length : c < pad;
                Assert.Equal(isPad ? 0 : 1, batch.AttentionMask[r * batch.SequenceLength + c]);
                if (isPad) Assert.Equal(t.PadId, batch.InputIds[r * batch.SequenceLength + c]);
            }
            int last = batch.LastTokenIndex[r];
            Assert.Equal(side == PaddingSide.Right ? expected.Length - 1 : batch.SequenceLength - 1, last);
            Assert.Equal(t.EosId!.Value, batch.InputIds[r * batch.SequenceLength + last]);
        }
    }

    [Fact]
    public void Eos_is_appended_although_the_post_processor_omits_it()
    {
        var t = TokenizerFixtures.LlamaJson;
        Assert.DoesNotContain(t.EosId!.Value, t.Encode("Hello world"));  // tokenizer.json framing: <s> only
        var batch = t.EncodeBatch(["Hello world"], new BatchEncodingOptions());
        Assert.Equal(t.EosId!.Value, batch.InputIds[batch.LastTokenIndex[0]]);
        var without = t.EncodeBatch(["Hello world"], new BatchEncodingOptions { AppendEos = false });
        Assert.Equal(t.Encode("Hello world").Select(i => (long)i), without.Row(0));
    }

    [Fact]
    public void Truncation_cuts_the_text_and_keeps_bos_and_eos()
    {
        var t = TokenizerFixtures.Qwen;
        string text = "one two three four five six seven eight nine ten";
        var batch = t.EncodeBatch([text, "hi"], new BatchEncodingOptions { MaxLength = 5, AddBos = true });
        int[] body = t.Encode(text, false);
        // Qwen has no BOS: AddBos is ignored, so 4 text tokens + EOS.
        Assert.Equal([.. body[..4].Select(i => (long)i), t.EosId!.Value], batch.Row(0));
        Assert.Equal(5, batch.SequenceLength);
        var g = TokenizerFixtures.SpLlama;
        var b2 = g.EncodeBatch([text], new BatchEncodingOptions { MaxLength = 6 });
        Assert.Equal([(long)g.BosId!.Value, .. g.Encode(text, false)[..4].Select(i => (long)i), g.EosId!.Value], b2.Row(0));
    }

    [Fact]
    public void Without_truncation_an_overlong_text_is_an_error_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            TokenizerFixtures.SpLlama.EncodeBatch(["x", "a considerably longer text than eight tokens"], new BatchEncodingOptions { MaxLength = 8, Truncation = false }));
        Assert.Contains("text 1", e.Message);
    }

    [Fact]
    public void Pad_to_max_length_and_bos_switch()
    {
        var t = TokenizerFixtures.SpLlama;
        var batch = t.EncodeBatch(["Hello", "world"], new BatchEncodingOptions { MaxLength = 16, PadToMaxLength = true, AddBos = false, PaddingSide = PaddingSide.Left });
        Assert.Equal(16, batch.SequenceLength);
        Assert.Equal(32, batch.InputIds.Length);
        Assert.Equal([.. t.Encode("Hello", false).Select(i => (long)i), t.EosId!.Value], batch.Row(0));
        Assert.Equal(15, batch.LastTokenIndex[1]);
    }

    [Fact]
    public void Left_and_right_padding_hold_the_same_tokens()
    {
        var t = TokenizerFixtures.Gpt2;
        var left = t.EncodeBatch(Texts, new BatchEncodingOptions { PaddingSide = PaddingSide.Left });
        var right = t.EncodeBatch(Texts, new BatchEncodingOptions { PaddingSide = PaddingSide.Right });
        for (int r = 0; r < Texts.Length; r++) Assert.Equal(left.Row(r), right.Row(r));
        Assert.Equal(left.AttentionMask.Sum(), right.AttentionMask.Sum());
    }
}

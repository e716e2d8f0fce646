using Ablation.Harness.Pretraining;
using Ablation.Models.Tokenizers;

namespace Ablation.Harness.Tests.Pretraining;

public class TokenStreamTests
{
    private static readonly string[] Documents =
        ["the cat sat on the mat", "a dog ran in the park", "the cat and the dog", "birds fly over the park"];

    private static ITokenizer Tokenizer() =>
        new BpeTrainer(new BpeTrainerOptions { VocabSize = 3 + 256 + 20, MinFrequency = 1 }).Train(Documents).ToTokenizer();

    [Fact]
    public void Each_document_is_bos_tokens_eos_and_documents_are_concatenated()
    {
        var tokenizer = Tokenizer();
        var stream = TokenStream.Encode(tokenizer, Documents);
        var expected = Documents.SelectMany(d => new[] { tokenizer.BosId!.Value }
            .Concat(tokenizer.Encode(d, addSpecial: false)).Append(tokenizer.EosId!.Value)).ToArray();
        Assert.Equal(expected, stream.Tokens);
        Assert.Equal(4, stream.Documents);
        // Decoding without specials gives back the text of every document.
        Assert.Equal(string.Concat(Documents), tokenizer.Decode(stream.Tokens));
    }

    [Fact]
    public void Stops_once_the_token_budget_is_reached()
    {
        var tokenizer = Tokenizer();
        int first = tokenizer.Encode(Documents[0], addSpecial: false).Length + 2;
        var stream = TokenStream.Encode(tokenizer, Documents, minTokens: first);
        Assert.Equal(1, stream.Documents);
        Assert.Equal(first, stream.Tokens.Length);
        Assert.Equal(2, TokenStream.Encode(tokenizer, Documents, minTokens: first + 1).Documents);
    }

    [Fact]
    public void Sequences_overlap_by_one_so_every_later_token_is_a_target_once()
    {
        var tokenizer = Tokenizer();
        var stream = TokenStream.Encode(tokenizer, Documents);
        const int L = 5;
        var rows = stream.Sequences(L);
        Assert.Equal((stream.Tokens.Length - 1) / L, rows.Length);
        Assert.All(rows, r => Assert.Equal(L + 1, r.Length));
        var targets = rows.SelectMany(r => r.Skip(1)).ToArray();
        Assert.Equal(stream.Tokens.Skip(1).Take(rows.Length * L), targets);
        var inputs = rows.SelectMany(r => r.Take(L)).ToArray();
        Assert.Equal(stream.Tokens.Take(rows.Length * L), inputs);
    }
}

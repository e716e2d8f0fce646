using Ablation.Models.Tokenizers;

namespace Ablation.Models.Tests.Tokenizers;

/// <summary>The BPE trainer: deterministic output identical to the committed trained/ folder, which an independent
/// implementation (transformers.js, make_reference.sh) encodes to the ids in reference.json; round trips; specials.</summary>
public class BpeTrainerTests
{
    private static readonly Lazy<ITokenizer> Trained = new(() => TokenizerLoader.Load(TokenizerFixtures.Fixture("trained")));

    public static IEnumerable<object[]> TrainedCases => TokenizerFixtures.CaseIndices("trained");

    [Fact]
    public void Training_is_deterministic_and_reproduces_the_committed_files()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ablation-trained-" + Environment.ProcessId);
        var lines = File.ReadAllLines(TokenizerFixtures.Fixture("corpus.txt"));
        new BpeTrainer(new BpeTrainerOptions { VocabSize = 400, MinFrequency = 2 }).Train(lines).Save(dir);
        foreach (string f in new[] { "tokenizer.json", "tokenizer_config.json" })
            Assert.Equal(File.ReadAllBytes(TokenizerFixtures.Fixture(Path.Combine("trained", f))), File.ReadAllBytes(Path.Combine(dir, f)));
        Directory.Delete(dir, true);
    }

    [Theory]
    [MemberData(nameof(TrainedCases))]
    public void Saved_tokenizer_encodes_like_transformers_js_and_round_trips(int index)
    {
        var (text, expected, _) = TokenizerFixtures.Cases("trained")[index];
        Assert.Equal(expected, Trained.Value.Encode(text));
        if (!text.Contains('<'))
            Assert.Equal(UnicodeNormalizer.Apply(text, System.Text.NormalizationForm.FormC), Trained.Value.Decode(Trained.Value.Encode(text)));
    }

    [Fact]
    public void Special_tokens_come_first_and_are_declared_in_the_config()
    {
        var t = Trained.Value;
        Assert.Equal(400, t.VocabSize);
        Assert.Equal((0, 1, 2), (t.BosId!.Value, t.EosId!.Value, t.PadId));
        Assert.Equal("<pad>", t.IdToToken(2));
        Assert.True(t.AddsBosByDefault);
        var batch = t.EncodeBatch(["hello", "hello world"], new BatchEncodingOptions());
        Assert.Equal(0, batch.InputIds[0]);
        Assert.Equal(1, batch.InputIds[batch.LastTokenIndex[0]]);
        Assert.Equal(2, batch.InputIds[batch.SequenceLength - 1]);  // row 0 is padded with <pad>
    }

    [Fact]
    public void Merges_follow_frequency_and_respect_min_frequency()
    {
        // "ab" appears 5 times, "cd" 3 times, "ef" once: with min frequency 2 exactly two merges are learned, in that order.
        string[] corpus = ["ab ab ab ab ab", "cd cd cd", "ef"];
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 1000, MinFrequency = 2, NormalizeNfc = false }).Train(corpus);
        // Words: "ab" x1, " ab" x4, "cd" x1, " cd" x2, "ef": pair (a,b) = 5, (c,d) = 3, (Ġ,a) = 4, (Ġ,c) = 2, (e,f) = 1.
        Assert.Equal(("a", "b"), trainer.Merges[0]);
        Assert.Equal(("\u0120", "ab"), trainer.Merges[1]);
        Assert.Equal(("c", "d"), trainer.Merges[2]);
        Assert.Equal(("\u0120", "cd"), trainer.Merges[3]);
        Assert.Equal(4, trainer.Merges.Count);
        Assert.Equal(3 + 256 + 4, trainer.Vocabulary.Count);
        var t = trainer.ToTokenizer();
        Assert.Equal([t.TokenToId("ab")!.Value, t.TokenToId("\u0120cd")!.Value], t.Encode("ab cd", addSpecial: false));
    }

    [Fact]
    public void Any_text_round_trips_because_all_bytes_are_in_the_vocabulary()
    {
        var t = Trained.Value;
        string text = "Unseen: ẞ 漢字 \u0000 \U0001F680 tabs\t\tand\r\nCRLF";
        Assert.Equal(text, t.Decode(t.Encode(text)));
    }

    [Fact]
    public void Too_small_vocabulary_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new BpeTrainer(new BpeTrainerOptions { VocabSize = 100 }));
        Assert.Contains("256", e.Message);
    }
}

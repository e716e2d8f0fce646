using Ablation.Harness.Pretraining;

namespace Ablation.Harness.Tests.Pretraining;

public class UnigramBaselineTests
{
    [Fact]
    public void Add_one_smoothing_matches_the_formula_worked_by_hand()
    {
        // Counts (3, 1, 0) over a vocabulary of 3: p = (4/7, 2/7, 1/7).
        var unigram = new UnigramBaseline([0, 0, 1, 0], vocabSize: 3);
        Assert.Equal(Math.Log(4.0 / 7), unigram.LogProbability(0), 12);
        Assert.Equal(Math.Log(2.0 / 7), unigram.LogProbability(1), 12);
        Assert.Equal(Math.Log(1.0 / 7), unigram.LogProbability(2), 12);
        // Perplexity of (0, 2) = (4/7 · 1/7)^(-1/2) = 7/2.
        Assert.Equal(3.5, unigram.Perplexity([0, 2]), 12);
    }

    [Fact]
    public void Uniform_counts_give_the_vocabulary_size_as_perplexity()
    {
        var unigram = new UnigramBaseline(Enumerable.Range(0, 50).SelectMany(i => new[] { i, i }), vocabSize: 50);
        Assert.Equal(50, unigram.Perplexity([3, 7, 49]), 9);
    }

    [Fact]
    public void Rejects_ids_outside_the_vocabulary_and_empty_held_out_text()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new UnigramBaseline([5], vocabSize: 5));
        Assert.Throws<ArgumentException>(() => new UnigramBaseline([1], vocabSize: 5).Perplexity([]));
    }
}

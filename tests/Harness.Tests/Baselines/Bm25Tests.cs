using Ablation.Harness.Baselines;

namespace Ablation.Harness.Tests.Baselines;

public class Bm25Tests
{
    private static readonly string[] Documents = ["the cat sat", "the dog sat on the mat", "a cat and a cat"];

    [Fact]
    public void ScoreMatchesTheOkapiFormulaWorkedByHand()
    {
        var bm25 = new Bm25(Documents);
        // N = 3, lengths 3, 6, 5 → avgdl = 14/3. "cat": df = 2 → idf = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln 1.6.
        double idfCat = Math.Log(1.6);
        double Term(double tf, double length) => idfCat * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / (14.0 / 3.0)));
        var scores = bm25.Scores("cat");
        Assert.Equal(Term(1, 3), scores[0], 12);
        Assert.Equal(0.0, scores[1], 12);
        Assert.Equal(Term(2, 5), scores[2], 12);
    }

    [Fact]
    public void UnknownTermsScoreZeroAndTokensIgnoreCaseAndPunctuation()
    {
        var bm25 = new Bm25(Documents);
        Assert.All(bm25.Scores("zebra"), s => Assert.Equal(0.0, s));
        Assert.Equal(bm25.Scores("cat"), bm25.Scores("CAT!"));
        Assert.Equal(["a", "b2", "c"], Bm25.Tokenize(" A, b2--c "));
    }

    [Fact]
    public void RarerTermsWeighMore()
    {
        var bm25 = new Bm25(Documents);
        Assert.True(bm25.Idf("mat") > bm25.Idf("cat"));
        Assert.Equal(bm25.Idf("the"), bm25.Idf("cat"), 12); // both occur in 2 of 3 documents
        Assert.Equal(0.0, bm25.Idf("zebra"));
    }
}

using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Metrics;

namespace Ablation.Harness.Tests.Evaluation.Metrics;

public class ExactTopKTests
{
    private static EmbeddingMatrix Random(int rows, int d, int seed, bool quantised = false)
    {
        var random = new Random(seed);
        var data = new float[rows * d];
        for (int i = 0; i < data.Length; i++)
            data[i] = quantised ? random.Next(-2, 3) : (float)(random.NextDouble() * 2 - 1);
        return new EmbeddingMatrix(data, rows, d);
    }

    private static (int Doc, float Score)[] BruteForce(EmbeddingMatrix q, int row, EmbeddingMatrix corpus, int k, int[] keys) =>
        Enumerable.Range(0, corpus.Rows)
            .Select(doc => (Doc: doc, Score: VectorMath.Dot(q.Row(row), corpus.Row(doc))))
            .OrderByDescending(h => h.Score).ThenByDescending(h => keys[h.Doc])
            .Take(k).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // small integer vectors: many exact ties, resolved by the tie key
    public void EqualsFullSortForEveryChunkSize(bool quantised)
    {
        var queries = Random(13, 19, 1, quantised);
        var corpus = Random(257, 19, 2, quantised);
        var keys = Enumerable.Range(0, corpus.Rows).Select(i => (i * 7919) % 1009).ToArray();
        foreach (int chunk in new[] { 1, 7, 64, 1000 })
        {
            var hits = ExactTopK.Search(queries, corpus, 25, keys, chunkSize: chunk, queryBlock: 5);
            for (int q = 0; q < queries.Rows; q++)
                Assert.Equal(BruteForce(queries, q, corpus, 25, keys), hits[q].Select(h => (h.Document, h.Score)).ToArray());
        }
    }

    [Fact]
    public void KLargerThanCorpusReturnsEverything()
    {
        var hits = ExactTopK.Search(Random(2, 4, 3), Random(5, 4, 4), 100);
        Assert.All(hits, h => Assert.Equal(5, h.Length));
    }
}

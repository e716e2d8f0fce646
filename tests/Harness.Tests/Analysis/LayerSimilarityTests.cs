using Ablation.Harness.Analysis;
using Ablation.Torch;

namespace Ablation.Harness.Tests.Analysis;

/// <summary>The cosine accumulators against direct computations on hand-made states, and the seeded sample.</summary>
public class LayerSimilarityTests
{
    [Fact]
    public void TokenCosineIsTheMeanOverRealTokensAcrossBatches()
    {
        var random = new Random(11);
        const int states = 3, d = 4;
        var sums = new TokenCosineSums(states);
        double[,] expected = new double[states, states];
        long tokens = 0;
        foreach (var (b, t) in new[] { (2, 5), (3, 2) })
        {
            var values = Enumerable.Range(0, states).Select(_ => Enumerable.Range(0, b * t * d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
            var mask = Enumerable.Range(0, b * t).Select(i => i % t < t - (i / t) ? 1L : 0L).ToArray();   // row r has t - r real tokens
            using (var scope = torch.NewDisposeScope())
                sums.Add(values.Select(v => torch.tensor(v, [b, t, d])).ToList(), torch.tensor(mask, [b, t]));
            for (int k = 0; k < b * t; k++)
            {
                if (mask[k] == 0) continue;
                tokens++;
                for (int i = 0; i < states; i++)
                    for (int j = 0; j < states; j++)
                        expected[i, j] += Cosine(values[i].AsSpan(k * d, d), values[j].AsSpan(k * d, d));
            }
        }
        Assert.Equal(tokens, sums.Tokens);
        var mean = sums.Mean();
        for (int i = 0; i < states; i++)
            for (int j = 0; j < states; j++)
                Assert.Equal(expected[i, j] / tokens, mean[i, j], 5);
    }

    [Fact]
    public void PooledCosineAndCkaComeFromTheKeptVectors()
    {
        const int states = 2, d = 3, n = 4;
        var similarity = new LayerSimilarity(states, d, n);
        var random = new Random(2);
        var layer0 = Enumerable.Range(0, n * d).Select(_ => (float)random.NextDouble()).ToArray();
        var layer1 = layer0.Select((v, i) => i % d == 0 ? -v : v * 2).ToArray();
        var pooled = new[] { new[] { layer0, layer1 }, new[] { layer1, layer0 } };
        similarity.Add([[pooled[0][0][..6], pooled[0][1][..6]], [pooled[1][0][..6], pooled[1][1][..6]]], 2);
        similarity.Add([[pooled[0][0][6..], pooled[0][1][6..]], [pooled[1][0][6..], pooled[1][1][6..]]], 2);
        double cos = Enumerable.Range(0, n).Average(r => Cosine(layer0.AsSpan(r * d, d), layer1.AsSpan(r * d, d)));
        Assert.Equal(cos, similarity.Cosine(LayerPooling.EosLast)[0, 1], 6);
        Assert.Equal(cos, similarity.Cosine(LayerPooling.Mean)[1, 0], 6);
        Assert.Equal(LinearCka.Compute(layer0, d, layer1, d), similarity.Cka(LayerPooling.EosLast)[0, 1], 12);
        Assert.Throws<InvalidOperationException>(() => similarity.Add(pooled, 1));
    }

    [Fact]
    public void SampleIsSeededStableAndIndependentOfInputOrder()
    {
        var texts = AnalysisModels.Texts(50);
        var a = SuiteTexts.Sample(texts, 10, 1);
        Assert.Equal(a, SuiteTexts.Sample(Enumerable.Reverse(texts).ToList(), 10, 1));
        Assert.NotEqual(a, SuiteTexts.Sample(texts, 10, 2));
        Assert.Equal(10, a.Distinct().Count());
        Assert.Equal(50, SuiteTexts.Sample(texts, 500, 1).Count);
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += a[i] * (double)b[i]; na += a[i] * (double)a[i]; nb += b[i] * (double)b[i]; }
        return dot / Math.Sqrt(na * nb);
    }
}

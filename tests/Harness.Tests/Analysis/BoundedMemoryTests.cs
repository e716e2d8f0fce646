using Ablation.Harness.Analysis;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Models;

namespace Ablation.Harness.Tests.Analysis;

/// <summary>
/// Memory of the layer analysis on a 24-layer model stays within a bound that does not grow with the number of
/// texts: the similarity keeps [sample × d] per layer, and the per-layer evaluation one batch of all layers.
/// </summary>
public class BoundedMemoryTests
{
    private const int Layers = 24, Hidden = 32, Batch = 8;

    [Fact]
    public void PerLayerStoreHoldsOneBatchInMemoryWhateverTheNumberOfTexts()
    {
        using var model = AnalysisModels.Random(Layers, Hidden, Batch);
        var pooler = new LayerPooler(model);
        Assert.Equal(Layers + 1, pooler.States);
        long bound = LayerPooling.All.Count * (long)pooler.States * Batch * Hidden;   // one batch, every layer, both poolings
        var peaks = new List<long>();
        foreach (int count in new[] { 16, 96 })
        {
            var texts = AnalysisModels.Texts(count);
            using var store = new LayerEmbeddingStore(pooler);
            // As the evaluation pipeline calls it: one encoder batch at a time, every layer read back.
            for (int start = 0; start < texts.Count; start += Batch)
            {
                var batch = texts.GetRange(start, Math.Min(Batch, texts.Count - start));
                foreach (int layer in new[] { 0, 12, Layers })
                {
                    var rows = store.Get(batch, TextKind.Document, null, LayerPooling.Mean, layer);
                    Assert.Equal(batch.Count, rows.Rows);
                }
            }
            Assert.Equal(count, store.Count);
            peaks.Add(store.PeakInMemoryFloats);
        }
        Assert.All(peaks, p => Assert.InRange(p, 1, bound));
        Assert.Equal(peaks[0], peaks[1]);
        // What keeping every token state of the larger run would have cost, for scale: far above the bound.
        long allStates = 96L * 10 * (Layers + 1) * Hidden;
        Assert.True(allStates > 5 * bound);
    }

    [Fact]
    public void SimilarityKeepsAFixedSampleWhateverTheSuiteSizeAndProcessRssStaysFlat()
    {
        using var model = AnalysisModels.Random(Layers, Hidden, Batch);
        var pooler = new LayerPooler(model);
        const int sampleSize = 32;
        var kept = new List<long>();
        var rssGrowth = new List<long>();
        foreach (int count in new[] { 64, 640 })
        {
            var sample = SuiteTexts.Sample(AnalysisModels.Texts(count), sampleSize, seed: 3);
            var similarity = new LayerSimilarity(pooler.States, pooler.Dimension, sample.Count);
            long before = Rss();
            for (int start = 0; start < sample.Count; start += Batch)
            {
                var batch = sample.GetRange(start, Math.Min(Batch, sample.Count - start));
                similarity.Add(pooler.Pool(batch, TextKind.Document, null, normalize: false, similarity.Tokens), batch.Count);
            }
            var cka = similarity.Cka(LayerPooling.Mean);
            Assert.Equal(1.0, cka[Layers, Layers], 9);
            rssGrowth.Add(Rss() - before);
            kept.Add(similarity.KeptFloats);
        }
        long expected = LayerPooling.All.Count * (long)(Layers + 1) * sampleSize * Hidden + (long)(Layers + 1) * (Layers + 1);
        Assert.All(kept, k => Assert.Equal(expected, k));
        // Loose: a few hundred KB of vectors; the process (shared with other tests) must not grow by more than 256 MiB.
        Assert.All(rssGrowth, g => Assert.True(g < 256L << 20, $"RSS grew by {g >> 20} MiB"));
    }

    /// <summary>Resident set size of this process in bytes (VmRSS), 0 where /proc is missing.</summary>
    private static long Rss()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}

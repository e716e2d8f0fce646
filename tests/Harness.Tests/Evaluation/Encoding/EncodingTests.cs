using Ablation.Harness.Evaluation.Encoding;
using Ablation.Models;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation.Encoding;

public class EncodingTests
{
    [Fact]
    public void BowHashIsDeterministicUnitLengthAndSimilarForSharedWords()
    {
        var encoder = EncoderRegistry.Resolve("builtin:bow-hash");
        var m = encoder.Encode(["the cat sat on the mat", "the cat sat on a mat", "stock market bond yields"], TextKind.Query, null);
        for (int i = 0; i < 3; i++) Assert.Equal(1.0, VectorMath.Cosine(m.Row(i), m.Row(i)), 6);
        Assert.True(VectorMath.Dot(m.Row(0), m.Row(1)) > VectorMath.Dot(m.Row(0), m.Row(2)));
        var again = encoder.Encode(["the cat sat on the mat"], TextKind.Document, "ignored");
        Assert.Equal(m.Row(0).ToArray(), again.Row(0).ToArray());
        Assert.Equal(512, EncoderRegistry.Resolve("builtin:bow-hash:512").Dimension);
    }

    [Fact]
    public void UnknownModelIsAUserError() =>
        Assert.Contains("builtin:bow-hash", Assert.Throws<UserInputException>(() => EncoderRegistry.Resolve("no/such/model")).Message);

    private sealed class CountingEncoder : ITextEncoder
    {
        public List<IReadOnlyList<string>> Batches { get; } = [];
        public string ModelId => "counting";
        public int Dimension => 4;
        public int BatchSize => 2;
        public EmbeddingMatrix Encode(IReadOnlyList<string> texts, TextKind kind, string? instruction)
        {
            Batches.Add(texts);
            var data = texts.SelectMany(t => new float[] { t.Length, kind == TextKind.Query ? 1 : 0, instruction?.Length ?? 0, 1 }).ToArray();
            return new EmbeddingMatrix(data, texts.Count, 4).NormalizeRows();
        }
    }

    [Fact]
    public void PipelineSortsByLengthDeduplicatesAndCachesOnDisk()
    {
        string root = TempFolder();
        var encoder = new CountingEncoder();
        var pipeline = new EmbeddingPipeline(encoder, new EmbeddingCache(encoder.ModelId, 4, root), showProgress: false);
        string[] texts = ["bb", "a", "dddd", "bb", "ccc"];
        var first = pipeline.Encode(texts, TextKind.Query, "inst", "t");
        Assert.Equal([["dddd", "ccc"], ["bb", "a"]], encoder.Batches.Select(b => b.ToArray()));
        Assert.Equal(first.Row(0).ToArray(), first.Row(3).ToArray());

        // A new process (new cache object on the same folder) encodes nothing for the same side and instruction...
        var encoder2 = new CountingEncoder();
        var pipeline2 = new EmbeddingPipeline(encoder2, new EmbeddingCache(encoder2.ModelId, 4, root), showProgress: false);
        var second = pipeline2.Encode(texts, TextKind.Query, "inst", "t");
        Assert.Empty(encoder2.Batches);
        Assert.Equal(first.Data, second.Data);
        Assert.Equal(5, pipeline2.CacheHits);
        // ...but a different instruction or side is a different key.
        pipeline2.Encode(["a"], TextKind.Document, "inst", "t");
        pipeline2.Encode(["a"], TextKind.Query, "other", "t");
        Assert.Equal(2, encoder2.Batches.Count);
    }
}

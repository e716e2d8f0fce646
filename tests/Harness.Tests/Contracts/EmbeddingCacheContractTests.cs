using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.IO;
using Ablation.Models;

namespace Ablation.Harness.Tests.Contracts;

/// <summary>
/// Items 1, 6 and 7: scores never depend on what was cached, a damaged cache segment is discarded and re-encoded,
/// and a non-finite embedding stops the pipeline before anything is cached.
/// </summary>
public class EmbeddingCacheContractTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cache-contract").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// Like an LLM, its output for a text depends in the last bits on the batch (here: on the longest text in
    /// it, standing in for padding), so any change of batch composition shows up as a different float.
    /// </summary>
    private sealed class BatchSensitiveEncoder(string? poison = null) : ITextEncoder
    {
        public int Calls { get; private set; }
        public string ModelId => "batch-sensitive";
        public int Dimension => 3;
        public int BatchSize => 3;
        public EmbeddingMatrix Encode(IReadOnlyList<string> texts, TextKind kind, string? instruction)
        {
            Calls++;
            float padding = texts.Max(t => t.Length) * 1e-7f;
            var data = texts.SelectMany(t => new[] { t.Length + padding, t.Count(c => c == 'a') + 1f, t == poison ? float.NaN : 1f }).ToArray();
            return new EmbeddingMatrix(data, texts.Count, 3);
        }
    }

    private static readonly string[] Texts = ["alpha", "be", "gamma ray", "delta", "a", "epsilon zeta", "eta", "theta", "iota kappa", "lambda"];

    [Fact]
    public void Scores_are_bitwise_identical_with_no_partial_or_full_cache()
    {
        var none = new EmbeddingPipeline(new BatchSensitiveEncoder(), null, showProgress: false).Encode(Texts, TextKind.Query, null, "t");

        // Prime the cache with a different call (a subset, as another task would), then encode the full list twice.
        new EmbeddingPipeline(new BatchSensitiveEncoder(), new EmbeddingCache("m", 3, _root), false).Encode(["alpha", "eta", "a"], TextKind.Query, null, "t");
        var partial = new EmbeddingPipeline(new BatchSensitiveEncoder(), new EmbeddingCache("m", 3, _root), false).Encode(Texts, TextKind.Query, null, "t");
        var fullEncoder = new BatchSensitiveEncoder();
        var full = new EmbeddingPipeline(fullEncoder, new EmbeddingCache("m", 3, _root), false).Encode(Texts, TextKind.Query, null, "t");

        Assert.Equal(0, fullEncoder.Calls); // everything came from the cache...
        Assert.Equal(none.Data, partial.Data); // ...and every vector is the one an uncached run computes, bit for bit
        Assert.Equal(none.Data, full.Data);
    }

    [Fact]
    public void A_segment_with_changed_vectors_is_discarded_and_re_encoded()
    {
        var first = new EmbeddingPipeline(new BatchSensitiveEncoder(), new EmbeddingCache("m", 3, _root), false).Encode(Texts, TextKind.Query, null, "t");
        var cache = new EmbeddingCache("m", 3, _root);
        string segment = Directory.GetFiles(cache.Folder, "*.seg").Single();
        var bytes = File.ReadAllBytes(segment);
        Array.Clear(bytes, 6 + 4 + 32, 3 * sizeof(float)); // zero the first vector, as in the issue; length stays valid
        File.WriteAllBytes(segment, bytes);

        var encoder = new BatchSensitiveEncoder();
        var pipeline = new EmbeddingPipeline(encoder, cache, false);
        var again = pipeline.Encode(Texts, TextKind.Query, null, "t");

        Assert.Equal(1, pipeline.DiscardedSegments);
        Assert.False(File.Exists(segment));
        Assert.Equal(Texts.Length, pipeline.EncodedCount);
        Assert.Equal(first.Data, again.Data);
        Assert.Contains(pipeline.Warnings(), w => w.Contains("1 damaged embedding-cache segment"));
    }

    [Fact]
    public void A_non_finite_embedding_stops_before_anything_is_cached_and_names_model_and_text()
    {
        var cache = new EmbeddingCache("m", 3, _root);
        var pipeline = new EmbeddingPipeline(new BatchSensitiveEncoder(poison: "delta"), cache, false);
        var error = Assert.Throws<NonFiniteValueException>(() => pipeline.Encode(Texts, TextKind.Query, null, "t"));
        Assert.Contains("batch-sensitive", error.Message);
        Assert.Contains("\"delta\"", error.Message);
        Assert.False(Directory.Exists(cache.Folder) && Directory.EnumerateFiles(cache.Folder).Any());
    }

    [Fact]
    public void Finite_check_reports_the_first_bad_row_and_accepts_finite_values()
    {
        FiniteCheck.Embeddings([1f, 2f, 3f, 4f], 2, ["a", "b"], "m");
        var error = Assert.Throws<NonFiniteValueException>(() => FiniteCheck.Embeddings([1f, 2f, 3f, float.PositiveInfinity], 2, ["a", "b"], "m"));
        Assert.Contains("\"b\"", error.Message);
        Assert.Contains("dimension 1", error.Message);
        Assert.Throws<NonFiniteValueException>(() => FiniteCheck.Value(double.NaN, "loss at step 3"));
        Assert.Equal(-1, FiniteCheck.FirstNonFinite([0f, -0f, float.MaxValue, float.Epsilon]));
    }
}

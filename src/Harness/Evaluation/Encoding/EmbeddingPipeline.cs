using Ablation.Models;
using System.Security.Cryptography;
using Ablation.Harness.IO;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// What evaluators and <c>ablation embed</c> call to embed texts: removes duplicates, cuts the unique texts into
/// batches longest-first (similar lengths pad less), takes whole batches from the <see cref="EmbeddingCache"/>
/// when it has them and encodes the others, checks every vector is finite (<see cref="FiniteCheck"/>), shows a
/// progress bar on an interactive terminal (<see cref="ConsoleProgress"/>) and returns rows in the caller's order.
/// </summary>
/// <remarks>
/// Batches are cut from all unique texts, whether cached or not, and cached per batch: a text's vector therefore
/// always comes from the same batch composition, and scores are bitwise identical with a full, partial or no cache
/// (an LLM's output for a text depends in its last bits on the padding its batch needs).
/// </remarks>
public sealed class EmbeddingPipeline
{
    private readonly ITextEncoder _encoder;
    private readonly EmbeddingCache? _cache;
    private readonly bool _showProgress;

    public EmbeddingPipeline(ITextEncoder encoder, EmbeddingCache? cache, bool showProgress)
    {
        _encoder = encoder;
        _cache = cache;
        _showProgress = showProgress;
    }

    public ITextEncoder Encoder => _encoder;

    /// <summary>Texts actually sent to the encoder so far (cache misses after de-duplication).</summary>
    public long EncodedCount { get; private set; }

    /// <summary>Texts the encoder had to cut to its context so far (see <see cref="ITextEncoder.TruncatedTexts"/>).</summary>
    public long TruncatedCount => _encoder.TruncatedTexts;

    /// <summary>Damaged cache segments found and discarded (their texts were encoded again).</summary>
    public int DiscardedSegments => _cache?.DiscardedSegments.Count ?? 0;

    /// <summary>The warnings a command prints after the work: truncated texts, discarded cache segments (empty when all is well).</summary>
    public IEnumerable<string> Warnings()
    {
        if (TruncatedCount > 0)
            yield return $"warning: {TruncatedCount} of {EncodedCount} encoded texts were longer than the model's context ({_encoder.MaxTokens} tokens) and were truncated; raise max_length to keep them whole";
        if (DiscardedSegments > 0)
            yield return $"warning: {DiscardedSegments} damaged embedding-cache segment(s) under {_cache!.Folder} were discarded and their texts encoded again";
    }

    /// <summary>Texts served from the cache so far.</summary>
    public long CacheHits { get; private set; }

    /// <summary>True when progress bars can be drawn (kept for callers; the one check is <see cref="ConsoleProgress.IsInteractive"/>).</summary>
    public static bool TerminalAttached => ConsoleProgress.IsInteractive(Console.Out);

    public EmbeddingMatrix Encode(IReadOnlyList<string> texts, TextKind kind, string? instruction, string label)
    {
        int d = _encoder.Dimension;
        var result = new float[texts.Count * d];
        // Unique texts → positions in the output.
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < texts.Count; i++)
        {
            if (!positions.TryGetValue(texts[i], out var list)) positions[texts[i]] = list = [];
            list.Add(i);
        }
        // Longest first: the slow batches come early and batches hold texts of similar length.
        var unique = positions.Keys.ToList();
        unique.Sort((a, b) => b.Length != a.Length ? b.Length.CompareTo(a.Length) : string.CompareOrdinal(a, b));
        int batchSize = Math.Max(1, _encoder.BatchSize);

        void Place(string text, ReadOnlySpan<float> vector)
        {
            foreach (int i in positions[text]) vector.CopyTo(result.AsSpan(i * d, d));
        }

        var toEncode = new List<(List<string> Texts, EmbeddingCache.Key[] Keys)>();
        for (int start = 0; start < unique.Count; start += batchSize)
        {
            var batch = unique.GetRange(start, Math.Min(batchSize, unique.Count - start));
            var keys = new EmbeddingCache.Key[batch.Count];
            if (_cache != null)
            {
                byte[] batchId = BatchId(batch);
                for (int j = 0; j < batch.Count; j++) keys[j] = EmbeddingCache.KeyOf(batch[j], kind, instruction, batchId);
                var cached = new float[batch.Count][];
                bool all = true;
                for (int j = 0; j < batch.Count && all; j++) all = _cache.TryGet(keys[j], out cached[j]);
                if (all)
                {
                    for (int j = 0; j < batch.Count; j++)
                    {
                        Place(batch[j], cached[j]);
                        CacheHits += positions[batch[j]].Count;
                    }
                    continue;
                }
            }
            toEncode.Add((batch, keys));
        }
        if (toEncode.Count == 0) return new EmbeddingMatrix(result, texts.Count, d);

        int missing = toEncode.Sum(b => b.Texts.Count);
        ConsoleProgress.Run(_showProgress ? Console.Out : TextWriter.Null, $"{label} ({kind.ToString().ToLowerInvariant()})", missing, progress =>
        {
            foreach (var (batch, keys) in toEncode)
            {
                var embedded = _encoder.Encode(batch, kind, instruction);
                if (embedded.Rows != batch.Count || embedded.Dimension != d)
                    throw new InvalidOperationException($"encoder {_encoder.ModelId} returned {embedded.Rows}x{embedded.Dimension} for {batch.Count} texts of dimension {d}");
                // Before anything derived from these vectors can be cached or scored.
                FiniteCheck.Embeddings(embedded.Data, d, batch, _encoder.ModelId);
                for (int j = 0; j < batch.Count; j++)
                {
                    var vector = embedded.Row(j).ToArray();
                    Place(batch[j], vector);
                    if (_cache != null) _cache.Put(keys[j], vector);
                }
                EncodedCount += batch.Count;
                progress.Advance(batch.Count);
            }
        }, showRate: true);
        _cache?.Flush();
        return new EmbeddingMatrix(result, texts.Count, d);
    }

    /// <summary>Identity of a batch: its texts in order (lengths make the concatenation unambiguous).</summary>
    private static byte[] BatchId(List<string> batch)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var text in batch)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        return hash.GetHashAndReset();
    }
}

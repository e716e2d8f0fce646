using Spectre.Console;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// What evaluators call to embed texts: removes duplicates, takes what it can from the
/// <see cref="EmbeddingCache"/>, encodes the rest longest-first in batches (similar lengths pad less), shows a
/// progress bar with items/s on an interactive terminal, and returns rows in the caller's order.
/// </summary>
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

    /// <summary>Texts served from the cache so far.</summary>
    public long CacheHits { get; private set; }

    /// <summary>True when progress bars can be drawn: stdout is a terminal and the console is interactive.</summary>
    public static bool TerminalAttached => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public EmbeddingMatrix Encode(IReadOnlyList<string> texts, EncodeKind kind, string? instruction, string label)
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
        var missing = new List<(string Text, EmbeddingCache.Key Key)>();
        foreach (var (text, where) in positions)
        {
            var key = EmbeddingCache.KeyOf(text, kind, instruction);
            if (_cache != null && _cache.TryGet(key, out var cached))
            {
                foreach (int i in where) cached.CopyTo(result, i * d);
                CacheHits += where.Count;
            }
            else missing.Add((text, key));
        }
        // Longest first: the slow batches come early and batches hold texts of similar length.
        missing.Sort((a, b) => b.Text.Length != a.Text.Length ? b.Text.Length.CompareTo(a.Text.Length) : string.CompareOrdinal(a.Text, b.Text));

        void Run(Action<int> advance)
        {
            int batchSize = Math.Max(1, _encoder.BatchSize);
            for (int start = 0; start < missing.Count; start += batchSize)
            {
                var batch = missing.GetRange(start, Math.Min(batchSize, missing.Count - start));
                var embedded = _encoder.Encode(batch.Select(b => b.Text).ToList(), kind, instruction);
                if (embedded.Rows != batch.Count || embedded.Dimension != d)
                    throw new InvalidOperationException($"encoder {_encoder.ModelId} returned {embedded.Rows}x{embedded.Dimension} for {batch.Count} texts of dimension {d}");
                for (int j = 0; j < batch.Count; j++)
                {
                    var vector = embedded.Row(j).ToArray();
                    foreach (int i in positions[batch[j].Text]) vector.CopyTo(result, i * d);
                    _cache?.Put(batch[j].Key, vector);
                }
                EncodedCount += batch.Count;
                advance(batch.Count);
            }
        }

        if (missing.Count > 0)
        {
            if (_showProgress && TerminalAttached)
            {
                AnsiConsole.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ItemsPerSecondColumn(), new RemainingTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask($"{label} ({kind.ToString().ToLowerInvariant()})", maxValue: missing.Count);
                        Run(n => task.Increment(n));
                    });
            }
            else Run(_ => { });
            _cache?.Flush();
        }
        return new EmbeddingMatrix(result, texts.Count, d);
    }
}

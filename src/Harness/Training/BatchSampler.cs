using System.Security.Cryptography;
using System.Text;
using Ablation.Harness.Data.Training;

namespace Ablation.Harness.Training;

/// <summary>
/// Cuts training examples into batches for contrastive training. Each epoch is a fresh permutation drawn from
/// (seed, epoch) alone, so the batch at any <see cref="SamplerPosition"/> can be recomputed on resume without
/// replaying the ones before it. A batch never holds the same text twice — a query, positive or negative shared
/// by two examples would be scored as a negative of the other (a false negative) — so an example whose text is
/// already in the batch waits for the next one. With <c>homogeneous</c> every batch comes from one
/// <see cref="TrainingExample.Dataset"/> (paper B); batches of all datasets are then shuffled together.
/// The incomplete last batch of each dataset in an epoch is dropped, and so is every example whose positive is
/// also one of its own hard negatives (<see cref="Contradictory"/>): no batch could score it right.
/// </summary>
public sealed class BatchSampler
{
    private readonly IReadOnlyList<TrainingExample> _examples;
    private readonly int _batchSize;
    private readonly int _hardNegatives;
    private readonly bool _homogeneous;
    private readonly int _seed;
    private readonly int[] _usable;
    private int _epochInMemory = -1;
    private int[][] _epochBatches = [];

    /// <param name="examples">All training examples, in a fixed order.</param>
    /// <param name="batchSize">Examples per batch.</param>
    /// <param name="hardNegatives">Hard negatives used per example (only those count as the example's texts).</param>
    /// <param name="homogeneous">One source dataset per batch.</param>
    /// <param name="seed">Seed of the data order (derive it for this purpose only).</param>
    public BatchSampler(IReadOnlyList<TrainingExample> examples, int batchSize, int hardNegatives, bool homogeneous, int seed)
    {
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "the batch size must be positive");
        _examples = examples;
        _batchSize = batchSize;
        _hardNegatives = Math.Max(0, hardNegatives);
        _homogeneous = homogeneous;
        _seed = seed;
        _usable = [.. Enumerable.Range(0, examples.Count).Where(i => !examples[i].Negatives.Take(_hardNegatives).Contains(examples[i].Positive, StringComparer.Ordinal))];
        Contradictory = examples.Count - _usable.Length;
        if (BatchesOf(0).Length == 0)
            throw new UserInputException(homogeneous
                ? $"no source dataset of the {examples.Count:N0} training examples has {batchSize} examples with distinct texts for one batch; lower batch or turn homogeneous_batches off"
                : $"the {examples.Count:N0} training examples do not fill one batch of {batchSize} examples with distinct texts; lower batch or add data");
    }

    /// <summary>Examples left out because a hard negative in use equals their positive.</summary>
    public int Contradictory { get; }

    /// <summary>Where the next batch comes from (epoch, batch within the epoch); saved in checkpoints.</summary>
    public SamplerPosition Position { get; set; } = new(0, 0);

    /// <summary>Batches per epoch (epoch 0; later epochs differ by a few at most).</summary>
    public int BatchesPerEpoch => BatchesOf(0).Length;

    /// <summary>The next batch; advances <see cref="Position"/> (to the next epoch after the last batch).</summary>
    public IReadOnlyList<TrainingExample> Next()
    {
        var batches = BatchesOf(Position.Epoch);
        if (Position.Batch >= batches.Length) Position = new SamplerPosition(Position.Epoch + 1, 0);
        batches = BatchesOf(Position.Epoch);
        var indices = batches[Position.Batch];
        Position = Position with { Batch = Position.Batch + 1 };
        return [.. indices.Select(i => _examples[i])];
    }

    /// <summary>The texts an example puts into a batch: query (with its instruction), positive, negatives used.</summary>
    public static IEnumerable<string> TextsOf(TrainingExample e, int hardNegatives)
    {
        yield return e.Query;
        yield return e.Positive;
        foreach (var n in e.Negatives.Take(hardNegatives)) yield return n;
    }

    private int[][] BatchesOf(int epoch)
    {
        if (epoch == _epochInMemory) return _epochBatches;
        var random = new Random(EpochSeed(_seed, epoch));
        var order = _usable.ToArray();
        random.Shuffle(order);
        var groups = _homogeneous
            ? order.GroupBy(i => _examples[i].Dataset, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray())
            : [order];
        var batches = new List<int[]>();
        foreach (var group in groups) batches.AddRange(Fill(group));
        var result = batches.ToArray();
        if (_homogeneous) random.Shuffle(result);
        _epochInMemory = epoch;
        _epochBatches = result;
        return result;
    }

    /// <summary>Greedy: examples in order; one that repeats a text of the open batch waits (first in line) for a later one.</summary>
    private IEnumerable<int[]> Fill(int[] order)
    {
        var waiting = new List<int>();
        var batch = new List<int>(_batchSize);
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var next = 0;
        while (true)
        {
            batch.Clear();
            texts.Clear();
            // Waiting examples first, so none waits for ever.
            for (var w = 0; w < waiting.Count && batch.Count < _batchSize; w++)
                if (TryAdd(waiting[w], batch, texts)) waiting.RemoveAt(w--);
            while (batch.Count < _batchSize && next < order.Length)
            {
                var i = order[next++];
                if (!TryAdd(i, batch, texts)) waiting.Add(i);
            }
            if (batch.Count < _batchSize) yield break;
            yield return batch.ToArray();
        }
    }

    private bool TryAdd(int index, List<int> batch, HashSet<string> texts)
    {
        var own = TextsOf(_examples[index], _hardNegatives).Distinct(StringComparer.Ordinal).ToList();
        if (own.Any(texts.Contains)) return false;
        foreach (var t in own) texts.Add(t);
        batch.Add(index);
        return true;
    }

    private static int EpochSeed(int seed, int epoch) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/epoch/{epoch}")), 0) & int.MaxValue;
}

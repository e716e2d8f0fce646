using Ablation.Torch;

namespace Ablation.Harness.Analysis;

/// <summary>
/// Layer × layer similarity of the hidden states over a fixed sample of texts, fed one batch at a time: it keeps
/// the raw pooled vector of each text per layer and pooling (what linear CKA needs: [n × d] per layer) and the
/// per-token cosine sums, never the token states. <see cref="KeptFloats"/> is its own account of what it holds.
/// </summary>
public sealed class LayerSimilarity
{
    private readonly float[][][] _vectors;   // [pooling][state] → [capacity × dimension]

    public LayerSimilarity(int states, int dimension, int capacity)
    {
        if (states < 1 || dimension < 1 || capacity < 2)
            throw new ArgumentException($"layer similarity needs ≥ 1 state, dimension ≥ 1 and room for ≥ 2 texts (got {states}, {dimension}, {capacity})");
        States = states;
        Dimension = dimension;
        Capacity = capacity;
        _vectors = LayerPooling.All.Select(_ => Enumerable.Range(0, states).Select(_ => new float[(long)capacity * dimension]).ToArray()).ToArray();
        Tokens = new TokenCosineSums(states);
    }

    public int States { get; }
    public int Dimension { get; }
    public int Capacity { get; }

    /// <summary>Texts added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Per-token cosine sums, filled by <see cref="LayerPooler.Pool"/>.</summary>
    public TokenCosineSums Tokens { get; }

    /// <summary>Floats (and doubles) this object keeps, whatever the number or length of the texts fed to it.</summary>
    public long KeptFloats => LayerPooling.All.Count * (long)States * Capacity * Dimension + Tokens.KeptValues;

    /// <summary>Adds one batch of raw (unnormalised) pooled vectors as returned by <see cref="LayerPooler.Pool"/>.</summary>
    public void Add(float[][][] pooled, int rows)
    {
        if (Count + rows > Capacity) throw new InvalidOperationException($"layer similarity holds {Capacity} texts; {Count + rows} were added");
        for (int p = 0; p < _vectors.Length; p++)
            for (int s = 0; s < States; s++)
                Array.Copy(pooled[p][s], 0, _vectors[p][s], (long)Count * Dimension, (long)rows * Dimension);
        Count += rows;
    }

    /// <summary>Linear CKA between layers for <paramref name="pooling"/> (see <see cref="LayerPooling.All"/>).</summary>
    public double[,] Cka(string pooling)
    {
        var vectors = Pooled(pooling);
        return LinearCka.Matrix(vectors, Count, Dimension);
    }

    /// <summary>Mean cosine between layers: of the pooled vectors of each text, or over every token (<see cref="CosineVariants.Tokens"/>).</summary>
    public double[,] Cosine(string variant)
    {
        if (variant == CosineVariants.Tokens) return Tokens.Mean();
        var vectors = Pooled(variant);
        var result = new double[States, States];
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var units = vectors.Select(v => torch.nn.functional.normalize(torch.tensor(v, [Count, Dimension]).to(ScalarType.Float64), 2, -1)).ToList();
        for (int i = 0; i < States; i++)
            for (int j = i; j < States; j++)
                result[i, j] = result[j, i] = units[i].mul(units[j]).sum(1).mean().item<double>();
        return result;
    }

    private float[][] Pooled(string pooling)
    {
        int p = LayerPooling.All.ToList().IndexOf(pooling);
        if (p < 0) throw new ArgumentException($"unknown pooling '{pooling}'; expected one of {string.Join(", ", LayerPooling.All)}");
        if (Count < 2) throw new InvalidOperationException($"layer similarity needs at least 2 texts, has {Count}");
        return _vectors[p].Select(v => Count == Capacity ? v : v.AsSpan(0, Count * Dimension).ToArray()).ToArray();
    }
}

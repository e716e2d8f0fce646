using Ablation.Torch;

namespace Ablation.Harness.Analysis;

/// <summary>
/// Running sums for the mean per-token cosine between layers: for every real token t of every text,
/// cos(h_i[t], h_j[t]) summed over tokens, one batch at a time, so only (L+1)² doubles outlive a batch.
/// </summary>
public sealed class TokenCosineSums
{
    private readonly double[,] _sums;

    public TokenCosineSums(int states)
    {
        States = states;
        _sums = new double[states, states];
    }

    public int States { get; }

    /// <summary>Real tokens seen so far.</summary>
    public long Tokens { get; private set; }

    /// <summary>Doubles this accumulator keeps.</summary>
    public long KeptValues => (long)States * States;

    /// <summary>Adds one batch: <paramref name="states"/> [B, T, d] each, <paramref name="mask"/> [B, T] (1 = real token).</summary>
    public void Add(IReadOnlyList<Tensor> states, Tensor mask)
    {
        if (states.Count != States) throw new ArgumentException($"expected {States} hidden states, got {states.Count}");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var m = mask.to(ScalarType.Float32).unsqueeze(-1);
        // Unit vectors with padding zeroed: a pair's dot product summed over the batch is its cosine sum over real tokens.
        var units = states.Select(h => torch.nn.functional.normalize(h.to(ScalarType.Float32), 2, -1).mul(m)).ToList();
        for (int i = 0; i < States; i++)
            for (int j = i; j < States; j++)
            {
                double s = units[i].mul(units[j]).sum(ScalarType.Float64).item<double>();
                _sums[i, j] += s;
                if (j != i) _sums[j, i] += s;
            }
        Tokens += mask.ne(0).sum(ScalarType.Int64).item<long>();
    }

    /// <summary>The mean cosine per pair of layers (NaN before any token).</summary>
    public double[,] Mean()
    {
        var mean = new double[States, States];
        for (int i = 0; i < States; i++)
            for (int j = 0; j < States; j++)
                mean[i, j] = Tokens == 0 ? double.NaN : _sums[i, j] / Tokens;
        return mean;
    }
}

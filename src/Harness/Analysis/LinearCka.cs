using Ablation.Torch;

namespace Ablation.Harness.Analysis;

/// <summary>
/// Linear centred kernel alignment (Kornblith et al., 2019) between representations of the same n examples:
/// CKA(X, Y) = ⟨K̃, L̃⟩_F / (‖K̃‖_F ‖L̃‖_F) with K̃ = X̃X̃ᵀ, L̃ = ỸỸᵀ and X̃, Ỹ the column-centred matrices
/// (equal to ‖ỸᵀX̃‖²_F / (‖X̃ᵀX̃‖_F ‖ỸᵀỸ‖_F)). It is 1 for a matrix with itself and unchanged by orthogonal
/// transforms and isotropic scaling of either side. Computed through n × n Gram matrices in float64, so its cost
/// grows with the number of examples and not with the hidden size squared (4096² for a 7B model).
/// </summary>
public static class LinearCka
{
    /// <summary>CKA of <paramref name="x"/> [n, dx] and <paramref name="y"/> [n, dy], both row-major.</summary>
    public static double Compute(ReadOnlySpan<float> x, int dx, ReadOnlySpan<float> y, int dy)
    {
        if (dx <= 0 || dy <= 0 || x.Length % dx != 0 || y.Length % dy != 0 || x.Length / dx != y.Length / dy)
            throw new ArgumentException($"CKA needs two matrices with the same number of rows; got {x.Length}/{dx} and {y.Length}/{dy} values per row");
        var m = Matrix([x.ToArray(), y.ToArray()], x.Length / dx, 0, [dx, dy]);
        return m[0, 1];
    }

    /// <summary>
    /// The symmetric matrix of CKA between every pair of <paramref name="representations"/>, each [n, d] row-major.
    /// A representation that is constant over the examples has no centred variance; its row and column are NaN.
    /// </summary>
    public static double[,] Matrix(IReadOnlyList<float[]> representations, int n, int dimension) =>
        Matrix(representations, n, dimension, null);

    private static double[,] Matrix(IReadOnlyList<float[]> representations, int n, int dimension, int[]? dimensions)
    {
        if (n < 2) throw new ArgumentException($"CKA needs at least 2 examples, got {n}");
        int k = representations.Count;
        var result = new double[k, k];
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        // Each Gram matrix, centred and scaled to unit Frobenius norm, flattened into one row of G: CKA = G Gᵀ.
        var rows = new List<Tensor>(k);
        var degenerate = new bool[k];
        for (int i = 0; i < k; i++)
        {
            int d = dimensions?[i] ?? dimension;
            if (representations[i].Length != n * d)
                throw new ArgumentException($"representation {i} has {representations[i].Length} values, expected {n} × {d}");
            var x = torch.tensor(representations[i], [n, d]).to(ScalarType.Float64);
            var centred = x.sub(x.mean(0, keepdim: true));
            var gram = centred.mm(centred.t());
            double norm = gram.norm().item<double>();
            degenerate[i] = !(norm > 0) || !double.IsFinite(norm);
            rows.Add(degenerate[i] ? torch.zeros([n * n], ScalarType.Float64) : gram.div(norm).reshape(n * (long)n));
        }
        var g = torch.stack(rows);
        var products = g.mm(g.t()).data<double>();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                result[i, j] = degenerate[i] || degenerate[j] ? double.NaN : Math.Clamp(products[i * k + j], -1.0, 1.0);
        return result;
    }
}

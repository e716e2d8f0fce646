using System.Text.Json;
using Ablation.Harness.Analysis;
using Ablation.Tests.Shared;
using MathNet.Numerics.LinearAlgebra;

namespace Ablation.Harness.Tests.Analysis;

/// <summary>Linear CKA against numpy (tests/fixtures/analysis/make_cka_fixture.py) and its defining invariances.</summary>
public class LinearCkaTests
{
    private static readonly Lazy<JsonDocument> Fixture = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("analysis", "cka.json"))));

    private static JsonElement Root => Fixture.Value.RootElement;

    private static (float[] Values, int Dim) Named(string name)
    {
        var m = Root.GetProperty("matrices").GetProperty(name);
        return (m.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), m.GetProperty("dim").GetInt32());
    }

    [Fact]
    public void MatchesNumpyOnPairsOfDifferentWidthIncludingWiderThanTheSample()
    {
        foreach (var pair in Root.GetProperty("pairs").EnumerateArray())
        {
            var (a, da) = Named(pair.GetProperty("a").GetString()!);
            var (b, db) = Named(pair.GetProperty("b").GetString()!);
            double expected = pair.GetProperty("cka").GetDouble();
            Assert.Equal(expected, LinearCka.Compute(a, da, b, db), 10);
            Assert.Equal(expected, LinearCka.Compute(b, db, a, da), 10);
        }
    }

    [Fact]
    public void LayerMatrixMatchesNumpy()
    {
        var layers = Root.GetProperty("layers");
        int n = Root.GetProperty("n").GetInt32(), dim = layers.GetProperty("dim").GetInt32();
        var values = layers.GetProperty("values").EnumerateArray().Select(l => l.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToList();
        var expected = layers.GetProperty("cka").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var matrix = LinearCka.Matrix(values, n, dim);
        for (int i = 0; i < values.Count; i++)
            for (int j = 0; j < values.Count; j++)
                Assert.Equal(expected[i][j], matrix[i, j], 10);
        // The drift in the fixture makes far layers less similar: the check is not on a flat matrix.
        Assert.True(matrix[0, 4] < matrix[0, 1] - 0.05, $"CKA(0,4) = {matrix[0, 4]}, CKA(0,1) = {matrix[0, 1]}");
    }

    [Fact]
    public void IsOneWithItselfAndInvariantToOrthogonalTransformsIsotropicScalingAndShifts()
    {
        var (x, dx) = Named("x");
        var (y, dy) = Named("y");
        int n = x.Length / dx;
        Assert.Equal(1.0, LinearCka.Compute(x, dx, x, dx), 12);
        double reference = LinearCka.Compute(x, dx, y, dy);

        var q = Matrix<double>.Build.Random(dy, dy, new MathNet.Numerics.Distributions.Normal(new Random(7))).QR().Q;
        Assert.True((q * q.Transpose() - Matrix<double>.Build.DenseIdentity(dy)).FrobeniusNorm() < 1e-10);
        var rotated = Transform(y, n, dy, (row, j) => Enumerable.Range(0, dy).Sum(k => row[k] * q[k, j]));
        var scaled = Transform(y, n, dy, (row, j) => 37.5 * row[j]);
        var shifted = Transform(y, n, dy, (row, j) => row[j] + 10 * j - 3);
        Assert.Equal(reference, LinearCka.Compute(x, dx, rotated, dy), 5);
        Assert.Equal(reference, LinearCka.Compute(x, dx, scaled, dy), 5);
        Assert.Equal(reference, LinearCka.Compute(x, dx, shifted, dy), 5);
        Assert.Equal(1.0, LinearCka.Compute(y, dy, rotated, dy), 5);

        // Not invariant to everything: scaling one feature much more than the others changes it.
        var anisotropic = Transform(y, n, dy, (row, j) => j == 0 ? 50 * row[j] : row[j]);
        Assert.True(Math.Abs(LinearCka.Compute(x, dx, anisotropic, dy) - reference) > 0.01);
    }

    [Fact]
    public void ConstantRepresentationHasNoCkaAndBadShapesAreRejected()
    {
        var (x, dx) = Named("x");
        int n = x.Length / dx;
        var constant = Enumerable.Repeat(0.25f, n * 3).ToArray();
        var m = LinearCka.Matrix([x.AsSpan(0, n * 3).ToArray(), constant], n, 3);
        Assert.Equal(1.0, m[0, 0], 12);
        Assert.True(double.IsNaN(m[0, 1]) && double.IsNaN(m[1, 1]));
        Assert.Throws<ArgumentException>(() => LinearCka.Compute(x, dx, x.AsSpan(0, x.Length - dx), dx));
    }

    private static float[] Transform(float[] values, int n, int d, Func<double[], int, double> f)
    {
        var result = new float[values.Length];
        for (int i = 0; i < n; i++)
        {
            var row = values.AsSpan(i * d, d).ToArray().Select(v => (double)v).ToArray();
            for (int j = 0; j < d; j++) result[i * d + j] = (float)f(row, j);
        }
        return result;
    }
}

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// A dense row-major matrix of embeddings: row <c>i</c> is <c>Data[i*Dimension .. (i+1)*Dimension)</c>.
/// Evaluators work only on these, so they can be tested without any model.
/// </summary>
public sealed class EmbeddingMatrix
{
    public EmbeddingMatrix(float[] data, int rows, int dimension)
    {
        if (rows < 0 || dimension <= 0 || data.Length != (long)rows * dimension)
            throw new ArgumentException($"embedding matrix of {rows}x{dimension} needs {(long)rows * dimension} values; got {data.Length}");
        Data = data;
        Rows = rows;
        Dimension = dimension;
    }

    /// <summary>Row-major values.</summary>
    public float[] Data { get; }

    public int Rows { get; }

    public int Dimension { get; }

    /// <summary>The embedding of item <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index) => new(Data, index * Dimension, Dimension);

    /// <summary>A new matrix holding the given rows in the given order.</summary>
    public EmbeddingMatrix SelectRows(IReadOnlyList<int> indices)
    {
        var data = new float[indices.Count * Dimension];
        for (int i = 0; i < indices.Count; i++)
            Row(indices[i]).CopyTo(data.AsSpan(i * Dimension, Dimension));
        return new EmbeddingMatrix(data, indices.Count, Dimension);
    }

    /// <summary>Scales every row to unit L2 norm in place (zero rows stay zero).</summary>
    public EmbeddingMatrix NormalizeRows()
    {
        for (int i = 0; i < Rows; i++)
        {
            var row = Data.AsSpan(i * Dimension, Dimension);
            double norm = Math.Sqrt(VectorMath.Dot(row, row));
            if (norm > 0)
                for (int j = 0; j < row.Length; j++) row[j] = (float)(row[j] / norm);
        }
        return this;
    }
}

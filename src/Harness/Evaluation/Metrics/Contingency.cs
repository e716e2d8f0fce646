namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>Sparse contingency table of two labelings (labels mapped to dense indices in order of appearance).</summary>
internal sealed class Contingency
{
    public required long[] RowSums { get; init; }
    public required long[] ColumnSums { get; init; }
    public required Dictionary<(int Row, int Column), long> Cells { get; init; }
    public required long N { get; init; }

    public static Contingency Build(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"label arrays differ in length: {truth.Length} vs {predicted.Length}");
        var rowIndex = new Dictionary<int, int>();
        var columnIndex = new Dictionary<int, int>();
        var cells = new Dictionary<(int, int), long>();
        var rows = new List<long>();
        var columns = new List<long>();
        for (int s = 0; s < truth.Length; s++)
        {
            if (!rowIndex.TryGetValue(truth[s], out int i)) { i = rowIndex.Count; rowIndex[truth[s]] = i; rows.Add(0); }
            if (!columnIndex.TryGetValue(predicted[s], out int j)) { j = columnIndex.Count; columnIndex[predicted[s]] = j; columns.Add(0); }
            rows[i]++; columns[j]++;
            cells[(i, j)] = cells.GetValueOrDefault((i, j)) + 1;
        }
        return new Contingency { RowSums = rows.ToArray(), ColumnSums = columns.ToArray(), Cells = cells, N = truth.Length };
    }
}

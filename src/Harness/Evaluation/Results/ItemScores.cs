namespace Ablation.Harness.Evaluation.Results;

/// <summary>
/// Per-item scores of one task in the unit the statistics pair on (query, pair, item, document): one row per
/// unit, keyed by its id, with named columns of numbers or labels. Written as <c>scores/&lt;task&gt;.csv</c>.
/// </summary>
public sealed class ItemScores
{
    private readonly List<(string Id, object[] Values)> _rows = [];

    public ItemScores(string unit, IReadOnlyList<string> columns)
    {
        Unit = unit;
        Columns = columns;
    }

    /// <summary>What one row is: <c>query</c>, <c>pair</c>, <c>item</c> or <c>document</c>.</summary>
    public string Unit { get; }

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<(string Id, object[] Values)> Rows => _rows;

    /// <summary>Adds a row; values are double, int or string, one per column.</summary>
    public void Add(string id, params object[] values)
    {
        if (values.Length != Columns.Count)
            throw new ArgumentException($"row '{id}' has {values.Length} values for {Columns.Count} columns");
        _rows.Add((id, values));
    }

    /// <summary>A numeric column as an array (for checks and for statistics).</summary>
    public double[] Column(string name)
    {
        int index = Columns.ToList().IndexOf(name);
        if (index < 0) throw new ArgumentException($"no column '{name}'; columns are {string.Join(", ", Columns)}");
        return _rows.Select(r => Convert.ToDouble(r.Values[index], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }
}

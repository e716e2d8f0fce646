namespace Ablation.Harness.Data.Splits;

/// <summary>
/// Assigns items to <see cref="DataSplit.Eval"/> or <see cref="DataSplit.Train"/> by a hash of their id,
/// stratified by category: within each category the items are ordered by <see cref="StableHash"/> of their id
/// and the first round(fraction · n) go to evaluation. Every category therefore has (up to rounding) the same
/// evaluation share, and an item's side depends only on its id and its category's members, never on file order.
/// </summary>
public static class StratifiedSplitter
{
    public static Dictionary<string, DataSplit> Assign<T>(
        IEnumerable<T> items, Func<T, string> id, Func<T, string> category, double evalFraction, string purpose)
    {
        if (evalFraction is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(evalFraction), evalFraction, "must be in (0, 1)");
        var result = new Dictionary<string, DataSplit>(StringComparer.Ordinal);
        foreach (var group in items.GroupBy(category, StringComparer.Ordinal))
        {
            var ordered = StableHash.Shuffle(group.Select(id).Distinct(StringComparer.Ordinal), x => x, purpose);
            int evalCount = (int)Math.Round(evalFraction * ordered.Count, MidpointRounding.AwayFromZero);
            for (int i = 0; i < ordered.Count; i++)
                result[ordered[i]] = i < evalCount ? DataSplit.Eval : DataSplit.Train;
        }
        return result;
    }
}

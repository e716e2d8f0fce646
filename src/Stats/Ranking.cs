namespace Ablation.Stats;

/// <summary>Ranks of samples, as used by rank correlations and rank tests.</summary>
public static class Ranking
{
    /// <summary>
    /// 1-based ranks with ties given the average of the ranks they span (scipy's <c>rankdata(method="average")</c>).
    /// NaN is not allowed: a NaN has no place in an order, so it throws instead of producing a silent NaN rank.
    /// </summary>
    public static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = new int[n];
        var keys = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(values[i]))
                throw new ArgumentException($"value at index {i} is NaN; ranks need comparable numbers", nameof(values));
            order[i] = i;
            keys[i] = values[i];
        }
        Array.Sort(keys, order);

        var ranks = new double[n];
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            double average = (start + 1 + end) / 2.0; // mean of ranks start+1 .. end
            for (int j = start; j < end; j++) ranks[order[j]] = average;
            start = end;
        }
        return ranks;
    }

    /// <summary>Sizes of the groups of tied values (only groups of two or more), for tie corrections.</summary>
    public static List<int> TieGroupSizes(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var sizes = new List<int>();
        int start = 0;
        while (start < sorted.Length)
        {
            int end = start + 1;
            while (end < sorted.Length && sorted[end] == sorted[start]) end++;
            if (end - start > 1) sizes.Add(end - start);
            start = end;
        }
        return sizes;
    }
}

namespace Ablation.Stats.Resampling;

/// <summary>Average ranks of a presorted column under item multiplicities (repeated and tied items share their rank).</summary>
internal static class RankFill
{
    /// <summary>
    /// Writes into <paramref name="ranks"/>[item] the average rank of the item's tie group when every
    /// item i appears counts[i] times; <paramref name="order"/> sorts the column, <paramref name="ends"/> are the
    /// exclusive ends of its tie groups in that order.
    /// </summary>
    public static void Fill(ReadOnlySpan<int> counts, int[] order, int[] ends, double[] ranks)
    {
        long below = 0;
        if (ends.Length == order.Length)
        {
            // No ties: every item is its own group (the same arithmetic as below, without the group loops).
            foreach (int item in order)
            {
                int c = counts[item];
                ranks[item] = below + (c + 1) / 2.0;
                below += c;
            }
            return;
        }
        int start = 0;
        foreach (int end in ends)
        {
            long total = 0;
            for (int j = start; j < end; j++) total += counts[order[j]];
            double average = below + (total + 1) / 2.0;
            for (int j = start; j < end; j++) ranks[order[j]] = average;
            below += total;
            start = end;
        }
    }
}

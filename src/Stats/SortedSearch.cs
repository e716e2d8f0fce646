namespace Ablation.Stats;

/// <summary>Binary searches on an ascending array: how many elements lie below (or at most at) a value.</summary>
internal static class SortedSearch
{
    /// <summary>Index of the first element ≥ <paramref name="value"/> (= number of elements &lt; value).</summary>
    public static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < value) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <summary>Index of the first element &gt; <paramref name="value"/> (= number of elements ≤ value).</summary>
    public static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] <= value) lo = mid + 1; else hi = mid; }
        return lo;
    }
}

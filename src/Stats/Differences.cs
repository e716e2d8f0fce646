namespace Ablation.Stats;

/// <summary>Pairwise differences a − b of two paired samples, with the length check every paired method needs.</summary>
public static class Differences
{
    public static double[] Of(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"paired samples must have the same length; got {a.Length} and {b.Length}");
        var d = new double[a.Length];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = a[i] - b[i];
            if (double.IsNaN(d[i]))
                throw new ArgumentException($"pair {i} contains NaN; remove or impute it before testing");
        }
        return d;
    }
}

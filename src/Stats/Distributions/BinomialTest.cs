namespace Ablation.Stats.Distributions;

/// <summary>Exact binomial test (scipy.stats.binomtest), the engine of the sign test and exact McNemar.</summary>
public static class BinomialTest
{
    /// <summary>
    /// p-value of observing <paramref name="k"/> successes in <paramref name="n"/> trials with success probability
    /// <paramref name="p"/>. Two-sided follows scipy: the probability of all outcomes no more likely than k
    /// (with scipy's relative slack of 1e-7 when comparing probabilities).
    /// </summary>
    public static double PValue(int k, int n, double p, Alternative alternative)
    {
        if (n < 1) throw new ArgumentException($"the binomial test needs at least one trial; got n = {n}");
        if (k < 0 || k > n) throw new ArgumentException($"k must lie in [0, n]; got k = {k}, n = {n}");
        switch (alternative)
        {
            case Alternative.Less: return Probability.BinomialCdf(k, n, p);
            case Alternative.Greater: return Probability.BinomialSfInclusive(k, n, p);
        }
        double d = Probability.BinomialPmf(k, n, p);
        const double relativeSlack = 1 + 1e-7;
        double mean = p * n;
        if (k == mean) return 1.0;
        double pValue;
        if (k < mean)
        {
            // Upper tail: the x >= ceil(np) whose probability is no larger than that of k.
            int x = (int)Math.Ceiling(mean);
            while (x <= n && Probability.BinomialPmf(x, n, p) > d * relativeSlack) x++;
            pValue = Probability.BinomialCdf(k, n, p) + (x <= n ? Probability.BinomialSfInclusive(x, n, p) : 0);
        }
        else
        {
            int x = (int)Math.Floor(mean);
            while (x >= 0 && Probability.BinomialPmf(x, n, p) > d * relativeSlack) x--;
            pValue = (x >= 0 ? Probability.BinomialCdf(x, n, p) : 0) + Probability.BinomialSfInclusive(k, n, p);
        }
        return Math.Min(1.0, pValue);
    }
}

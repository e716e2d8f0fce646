using MathNet.Numerics;

namespace Ablation.Stats.Distributions;

/// <summary>
/// Tail probabilities and quantiles of the continuous distributions the tests use. Upper tails are computed
/// directly (not as 1 − cdf) so that tiny p-values keep their relative precision.
/// </summary>
public static class Probability
{
    /// <summary>Standard normal cdf Φ(z).</summary>
    public static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>Standard normal upper tail 1 − Φ(z).</summary>
    public static double NormalSf(double z) => 0.5 * SpecialFunctions.Erfc(z / Math.Sqrt(2));

    /// <summary>Standard normal quantile Φ⁻¹(p) (scipy's <c>ndtri</c>).</summary>
    public static double NormalQuantile(double p)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        return -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * p);
    }

    /// <summary>Upper tail P(T &gt; t) of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentTSf(double t, double df)
    {
        if (double.IsNaN(t)) return double.NaN;
        if (double.IsPositiveInfinity(df)) return NormalSf(t);
        // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2), the regularized incomplete beta.
        double twoTail = SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));
        return t >= 0 ? twoTail / 2 : 1 - twoTail / 2;
    }

    /// <summary>Cdf P(T ≤ t) of Student's t.</summary>
    public static double StudentTCdf(double t, double df) => StudentTSf(-t, df);

    /// <summary>Quantile of Student's t: the t with P(T ≤ t) = p, refined by Newton steps to full precision.</summary>
    public static double StudentTQuantile(double p, double df)
    {
        if (p <= 0) return double.NegativeInfinity;
        if (p >= 1) return double.PositiveInfinity;
        if (double.IsPositiveInfinity(df)) return NormalQuantile(p);
        if (p > 0.5) return -StudentTQuantile(1 - p, df);
        // Bracket then bisect/Newton on the lower tail, where relative precision matters.
        double lo = -1, hi = 0;
        while (StudentTCdf(lo, df) > p) { hi = lo; lo *= 2; if (lo < -1e300) return double.NegativeInfinity; }
        double x = 0.5 * (lo + hi);
        for (int iter = 0; iter < 200; iter++)
        {
            double f = StudentTCdf(x, df) - p;
            if (f > 0) hi = x; else lo = x;
            double density = StudentTDensity(x, df);
            double next = density > 0 ? x - f / density : double.NaN;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - x) <= 1e-15 * Math.Max(1, Math.Abs(x))) return next;
            x = next;
        }
        return x;
    }

    /// <summary>Density of Student's t.</summary>
    public static double StudentTDensity(double t, double df) =>
        Math.Exp(SpecialFunctions.GammaLn((df + 1) / 2) - SpecialFunctions.GammaLn(df / 2) - 0.5 * Math.Log(df * Math.PI)
                 - (df + 1) / 2 * Math.Log(1 + t * t / df));

    /// <summary>Upper tail of the chi-square distribution.</summary>
    public static double ChiSquareSf(double x, double df) =>
        x <= 0 ? 1.0 : SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);

    /// <summary>Upper tail of the F distribution with (d1, d2) degrees of freedom.</summary>
    public static double FSf(double f, double d1, double d2) =>
        f <= 0 ? 1.0 : SpecialFunctions.BetaRegularized(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));

    /// <summary>Binomial probability mass, computed in log space so it works for large n.</summary>
    public static double BinomialPmf(int k, int n, double p)
    {
        if (k < 0 || k > n) return 0;
        if (p == 0) return k == 0 ? 1 : 0;
        if (p == 1) return k == n ? 1 : 0;
        double logC = SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(n - k + 1);
        return Math.Exp(logC + k * Math.Log(p) + (n - k) * Math.Log(1 - p));
    }

    /// <summary>Binomial P(X ≤ k) via the regularized incomplete beta.</summary>
    public static double BinomialCdf(int k, int n, double p)
    {
        if (k < 0) return 0;
        if (k >= n) return 1;
        return SpecialFunctions.BetaRegularized(n - k, k + 1, 1 - p);
    }

    /// <summary>Binomial P(X ≥ k).</summary>
    public static double BinomialSfInclusive(int k, int n, double p)
    {
        if (k <= 0) return 1;
        if (k > n) return 0;
        return SpecialFunctions.BetaRegularized(k, n - k + 1, p);
    }
}

using MathNet.Numerics;

namespace Ablation.Stats.Distributions;

/// <summary>
/// Noncentral t distribution (MathNet has none): T' = (Z + δ)/√(V/ν). Its tails are one-dimensional integrals
/// over S = √(V/ν): P(T' &gt; t) = ∫ Φ(δ − t·s) f_S(s) ds, computed by composite Gauss–Legendre over the region
/// where f_S is not negligible.
/// </summary>
public static class NoncentralT
{
    private static readonly (double Node, double Weight)[] Rule = GaussLegendre.Rule(20);

    /// <summary>P(T' &gt; t).</summary>
    public static double Sf(double t, double df, double noncentrality) => Integrate(s => Probability.NormalCdf(noncentrality - t * s), df);

    /// <summary>P(T' ≤ t).</summary>
    public static double Cdf(double t, double df, double noncentrality) => Integrate(s => Probability.NormalCdf(t * s - noncentrality), df);

    private static double Integrate(Func<double, double> f, double df)
    {
        if (!(df > 0)) throw new ArgumentOutOfRangeException(nameof(df), df, "degrees of freedom must be positive");
        // f_S(s) = 2 (ν/2)^(ν/2) / Γ(ν/2) · s^(ν−1) · exp(−ν s²/2); S has mean ≈ 1 and SD ≈ 1/√(2ν).
        double logConstant = Math.Log(2) + df / 2 * Math.Log(df / 2) - SpecialFunctions.GammaLn(df / 2);
        double spread = 1 / Math.Sqrt(2 * df);
        double lo = Math.Max(0, 1 - 40 * spread), hi = 1 + 40 * spread + 5 / df;
        const int panels = 120;
        double width = (hi - lo) / panels, total = 0;
        for (int p = 0; p < panels; p++)
        {
            double mid = lo + (p + 0.5) * width;
            foreach (var (node, weight) in Rule)
            {
                double s = mid + node * width / 2;
                if (s <= 0) continue;
                double logDensity = logConstant + (df - 1) * Math.Log(s) - df * s * s / 2;
                total += weight * width / 2 * Math.Exp(logDensity) * f(s);
            }
        }
        return Math.Clamp(total, 0, 1);
    }
}

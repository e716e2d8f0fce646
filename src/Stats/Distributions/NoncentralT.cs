using MathNet.Numerics;

namespace Ablation.Stats.Distributions;

/// <summary>
/// Noncentral t distribution (MathNet has none): T' = (Z + δ)/√(V/ν). Its tails are one-dimensional integrals
/// over S = √(V/ν): P(T' &gt; t) = ∫ Φ(δ − t·s) f_S(s) ds, computed by composite Gauss–Legendre over the region
/// where f_S is not negligible.
/// </summary>
public static class NoncentralT
{
    private static readonly (double Node, double Weight)[] Rule = GaussLegendreRule(20);

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

    private static (double, double)[] GaussLegendreRule(int n)
    {
        var rule = new (double, double)[n];
        for (int i = 0; i < n; i++)
        {
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                double p0 = 1, p1 = x;
                for (int j = 2; j <= n; j++) { double p2 = ((2 * j - 1) * x * p1 - (j - 1) * p0) / j; p0 = p1; p1 = p2; }
                dp = n * (x * p1 - p0) / (x * x - 1);
                double dx = p1 / dp;
                x -= dx;
                if (Math.Abs(dx) < 1e-16) break;
            }
            rule[i] = (x, 2 / ((1 - x * x) * dp * dp));
        }
        return rule;
    }
}

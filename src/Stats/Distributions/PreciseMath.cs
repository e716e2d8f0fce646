namespace Ablation.Stats.Distributions;

/// <summary>exp(x) − 1 and log(1 + x) with full relative precision near zero (System.Math has neither).</summary>
public static class PreciseMath
{
    public static double Expm1(double x)
    {
        if (Math.Abs(x) > 0.5) return Math.Exp(x) - 1;
        // Kahan's trick: exact to a few ulps for small |x|.
        double u = Math.Exp(x);
        if (u == 1) return x;
        double um1 = u - 1;
        return um1 == -1 ? -1 : um1 * x / Math.Log(u);
    }

    public static double Log1P(double x)
    {
        if (x == -1) return double.NegativeInfinity;
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}

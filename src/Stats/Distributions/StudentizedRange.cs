namespace Ablation.Stats.Distributions;

/// <summary>
/// The studentized range distribution with infinite degrees of freedom (the range of k independent standard
/// normals), as needed by the Nemenyi test: P(R ≤ q) = k ∫ φ(z) [Φ(z) − Φ(z − q)]^(k−1) dz, integrated numerically
/// (composite Gauss–Legendre), and its quantile by bisection. Accurate to ~1e-10, for any k ≥ 2.
/// </summary>
public static class StudentizedRange
{
    private static readonly (double Node, double Weight)[] Rule = GaussLegendre.Rule(20);

    public static double Cdf(double q, int k)
    {
        if (k < 2) throw new ArgumentOutOfRangeException(nameof(k), k, "the range needs at least 2 groups");
        if (q <= 0) return 0;
        // φ(z) is negligible outside [−9, 9 + q]; [Φ(z) − Φ(z − q)] vanishes far left.
        double lo = -9, hi = 9 + q;
        int panels = 80;
        double width = (hi - lo) / panels, total = 0;
        for (int p = 0; p < panels; p++)
        {
            double a = lo + p * width, mid = a + width / 2;
            foreach (var (node, weight) in Rule)
            {
                double z = mid + node * width / 2;
                double inner = Probability.NormalCdf(z) - Probability.NormalCdf(z - q);
                if (inner <= 0) continue;
                total += weight * width / 2 * Math.Exp(-z * z / 2 + (k - 1) * Math.Log(inner));
            }
        }
        return Math.Min(1.0, k * total / Math.Sqrt(2 * Math.PI));
    }

    /// <summary>The q with P(R ≤ q) = <paramref name="probability"/>.</summary>
    public static double Quantile(double probability, int k)
    {
        if (!(probability > 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "must lie in (0, 1)");
        double lo = 0, hi = 1;
        while (Cdf(hi, k) < probability) { lo = hi; hi *= 2; }
        return MathNet.Numerics.RootFinding.Brent.FindRoot(q => Cdf(q, k) - probability, lo, hi, 1e-13, 200);
    }
}

namespace Ablation.Stats.Distributions;

/// <summary>Gauss–Legendre quadrature, shared by the distributions MathNet lacks (noncentral t, studentized range).</summary>
internal static class GaussLegendre
{
    /// <summary>Nodes and weights of the n-point rule on [−1, 1] (Newton's method on the Legendre polynomial).</summary>
    public static (double Node, double Weight)[] Rule(int n)
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

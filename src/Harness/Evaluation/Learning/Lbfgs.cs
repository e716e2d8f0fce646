namespace Ablation.Harness.Evaluation.Learning;

/// <summary>
/// Limited-memory BFGS for smooth unconstrained problems, with the stopping rules scikit-learn passes to
/// scipy's L-BFGS-B: stop when max |gradient| ≤ <see cref="GradientTolerance"/> or when the relative decrease
/// of f is ≤ <see cref="FunctionTolerance"/>, or after <see cref="MaxIterations"/> iterations. History 10,
/// strong-Wolfe line search (c1 = 1e-3, c2 = 0.9 as scipy), unit initial step except the first iteration.
/// </summary>
public sealed class Lbfgs
{
    /// <summary>Objective: fills the gradient for x and returns f(x).</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    public int MaxIterations { get; init; } = 100;
    public int History { get; init; } = 10;
    public double GradientTolerance { get; init; } = 1e-4;
    public double FunctionTolerance { get; init; } = 64 * 2.220446049250313e-16;
    public int MaxLineSearchSteps { get; init; } = 50;

    /// <summary>Minimises in place starting from <paramref name="x"/>; returns the number of iterations done.</summary>
    public int Minimize(Objective objective, double[] x)
    {
        int n = x.Length;
        var g = new double[n];
        double f = objective(x, g);
        if (MaxAbs(g) <= GradientTolerance) return 0;

        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var alpha = new double[History];

        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            // Two-loop recursion: d = -H g.
            for (int i = 0; i < n; i++) d[i] = -g[i];
            for (int k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], d);
                Axpy(-alpha[k], y[k], d);
            }
            if (s.Count > 0)
            {
                double gamma = Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]);
                for (int i = 0; i < n; i++) d[i] *= gamma;
            }
            for (int k = 0; k < s.Count; k++)
            {
                double beta = rho[k] * Dot(y[k], d);
                Axpy(alpha[k] - beta, s[k], d);
            }

            double slope = Dot(g, d);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                s.Clear(); y.Clear(); rho.Clear();
                for (int i = 0; i < n; i++) d[i] = -g[i];
                slope = Dot(g, d);
            }
            double initialStep = s.Count == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(Dot(d, d))) : 1.0;
            double fNew = LineSearch(objective, x, f, g, slope, d, initialStep, xNew, gNew);
            if (double.IsNaN(fNew)) return iteration;

            var sk = new double[n];
            var yk = new double[n];
            for (int i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            double sy = Dot(sk, yk);
            if (sy > 1e-10 * Dot(yk, yk))
            {
                if (s.Count == History) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
                s.Add(sk); y.Add(yk); rho.Add(1.0 / sy);
            }
            double fOld = f;
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if ((fOld - f) / Math.Max(Math.Max(Math.Abs(fOld), Math.Abs(f)), 1.0) <= FunctionTolerance) return iteration;
            if (MaxAbs(g) <= GradientTolerance) return iteration;
        }
        return MaxIterations;
    }

    // Strong-Wolfe line search (Nocedal & Wright, algorithms 3.5 and 3.6) with cubic-free safeguarded bisection/interpolation.
    private double LineSearch(Objective objective, double[] x, double f0, double[] g0, double slope0, double[] d,
        double step, double[] xOut, double[] gOut)
    {
        const double c1 = 1e-3, c2 = 0.9;
        double previousStep = 0, previousF = f0, previousSlope = slope0;
        var gTrial = new double[x.Length];
        for (int evaluation = 0; evaluation < MaxLineSearchSteps; evaluation++)
        {
            double f = Evaluate(objective, x, d, step, xOut, gTrial);
            double slope = Dot(gTrial, d);
            if (f > f0 + c1 * step * slope0 || (evaluation > 0 && f >= previousF))
                return Zoom(objective, x, f0, slope0, d, previousStep, previousF, previousSlope, step, f, xOut, gOut, evaluation);
            if (Math.Abs(slope) <= -c2 * slope0) { Array.Copy(gTrial, gOut, gTrial.Length); return f; }
            if (slope >= 0)
                return Zoom(objective, x, f0, slope0, d, step, f, slope, previousStep, previousF, xOut, gOut, evaluation);
            previousStep = step; previousF = f; previousSlope = slope;
            step *= 2;
        }
        return double.NaN;
    }

    private double Zoom(Objective objective, double[] x, double f0, double slope0, double[] d,
        double low, double fLow, double slopeLow, double high, double fHigh, double[] xOut, double[] gOut, int used)
    {
        const double c1 = 1e-3, c2 = 0.9;
        var gTrial = new double[x.Length];
        double bestStep = low, bestF = fLow;
        for (int evaluation = used; evaluation < MaxLineSearchSteps; evaluation++)
        {
            // Quadratic interpolation from (low, fLow, slopeLow) and fHigh, kept inside the middle of the bracket.
            double width = high - low;
            double denominator = 2 * (fHigh - fLow - slopeLow * width);
            double step = denominator > 0 ? low - slopeLow * width * width / denominator : low + width / 2;
            double lo = Math.Min(low, high) + 0.1 * Math.Abs(width), hi = Math.Max(low, high) - 0.1 * Math.Abs(width);
            if (!(step >= lo && step <= hi)) step = low + width / 2;

            double f = Evaluate(objective, x, d, step, xOut, gTrial);
            double slope = Dot(gTrial, d);
            if (f > f0 + c1 * step * slope0 || f >= fLow)
            {
                high = step; fHigh = f;
            }
            else
            {
                if (Math.Abs(slope) <= -c2 * slope0) { Array.Copy(gTrial, gOut, gTrial.Length); return f; }
                if (slope * (high - low) >= 0) { high = low; fHigh = fLow; }
                low = step; fLow = f; slopeLow = slope;
                bestStep = step; bestF = f;
            }
            if (Math.Abs(high - low) < 1e-16) break;
        }
        if (bestStep == 0) return double.NaN;
        bestF = Evaluate(objective, x, d, bestStep, xOut, gOut);
        return bestF;
    }

    private static double Evaluate(Objective objective, double[] x, double[] d, double step, double[] xOut, double[] gOut)
    {
        for (int i = 0; i < x.Length; i++) xOut[i] = x[i] + step * d[i];
        return objective(xOut, gOut);
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private static double MaxAbs(double[] v)
    {
        double max = 0;
        foreach (var value in v) max = Math.Max(max, Math.Abs(value));
        return max;
    }
}

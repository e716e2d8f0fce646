using Ablation.Stats.Distributions;

namespace Ablation.Stats.MultipleComparisons;

/// <summary>Adjusted p-values and reject decisions for one family of tests, in the caller's order.</summary>
public sealed record AdjustedPValues(double[] Adjusted, bool[] Reject, AdjustmentMethod Method, double Alpha);

/// <summary>
/// Multiple-comparison adjustment with the exact conventions of statsmodels.stats.multitest.multipletests
/// (adjusted values capped at 1; step-down maxima and step-up minima taken over the sorted p-values; reject
/// decisions made from the raw p-values and the per-step levels, as statsmodels does).
/// </summary>
public static class PValueAdjustment
{
    public static AdjustedPValues Adjust(ReadOnlySpan<double> pValues, AdjustmentMethod method, double alpha = 0.05)
    {
        int m = pValues.Length;
        for (int i = 0; i < m; i++)
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
                throw new ArgumentException($"p-value {i + 1} is {pValues[i]}; p-values must lie in [0, 1]");
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException($"alpha must lie in (0, 1); got {alpha}");
        if (m == 0) return new AdjustedPValues([], [], method, alpha);

        var order = Enumerable.Range(0, m).ToArray();
        var sorted = pValues.ToArray();
        Array.Sort(sorted, order); // ties get equal adjusted values and decisions, so their order is irrelevant
        var adjusted = new double[m];
        var reject = new bool[m];

        switch (method)
        {
            case AdjustmentMethod.Bonferroni:
                for (int i = 0; i < m; i++) { adjusted[i] = sorted[i] * m; reject[i] = sorted[i] <= alpha / m; }
                break;
            case AdjustmentMethod.Holm:
                StepDown(sorted, reject, i => alpha / (m - i));
                for (int i = 0; i < m; i++) adjusted[i] = Math.Max(i > 0 ? adjusted[i - 1] : 0, sorted[i] * (m - i));
                break;
            case AdjustmentMethod.HolmSidak:
                StepDown(sorted, reject, i => 1 - Math.Pow(1 - alpha, 1.0 / (m - i)));
                for (int i = 0; i < m; i++)
                    adjusted[i] = Math.Max(i > 0 ? adjusted[i - 1] : 0, -PreciseMath.Expm1((m - i) * PreciseMath.Log1P(-sorted[i])));
                break;
            case AdjustmentMethod.Hochberg:
                StepUp(sorted, reject, i => alpha / (m - i));
                for (int i = m - 1; i >= 0; i--) adjusted[i] = Math.Min(i < m - 1 ? adjusted[i + 1] : double.PositiveInfinity, sorted[i] * (m - i));
                break;
            case AdjustmentMethod.BenjaminiHochberg:
            case AdjustmentMethod.BenjaminiYekutieli:
                double c = 1;
                if (method == AdjustmentMethod.BenjaminiYekutieli) { c = 0; for (int k = 1; k <= m; k++) c += 1.0 / k; }
                StepUp(sorted, reject, i => (i + 1.0) / m / c * alpha);
                for (int i = m - 1; i >= 0; i--)
                    adjusted[i] = Math.Min(i < m - 1 ? adjusted[i + 1] : double.PositiveInfinity, sorted[i] / ((i + 1.0) / m / c));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }

        var outAdjusted = new double[m];
        var outReject = new bool[m];
        for (int i = 0; i < m; i++)
        {
            outAdjusted[order[i]] = Math.Min(1.0, adjusted[i]);
            outReject[order[i]] = reject[i];
        }
        return new AdjustedPValues(outAdjusted, outReject, method, alpha);
    }

    /// <summary>Reject the smallest p-values up to (not including) the first that exceeds its level.</summary>
    private static void StepDown(double[] sorted, bool[] reject, Func<int, double> level)
    {
        for (int i = 0; i < sorted.Length; i++)
        {
            if (sorted[i] > level(i)) break;
            reject[i] = true;
        }
    }

    /// <summary>Reject every p-value up to the largest one that is within its level.</summary>
    private static void StepUp(double[] sorted, bool[] reject, Func<int, double> level)
    {
        int last = -1;
        for (int i = 0; i < sorted.Length; i++) if (sorted[i] <= level(i)) last = i;
        for (int i = 0; i <= last; i++) reject[i] = true;
    }
}

namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>
/// External clustering measures with scikit-learn's definitions (natural logarithms): V-measure (β = 1,
/// <c>v_measure_score</c>) and adjusted mutual information with arithmetic normalisation
/// (<c>adjusted_mutual_info_score</c>, expected MI under the hypergeometric model).
/// </summary>
public static class ClusteringScores
{
    /// <summary>Harmonic mean of homogeneity and completeness.</summary>
    public static double VMeasure(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        var table = Contingency.Build(truth, predicted);
        double hTrue = Entropy(table.RowSums, table.N), hPred = Entropy(table.ColumnSums, table.N);
        double mi = MutualInformation(table);
        double homogeneity = hTrue == 0 ? 1.0 : mi / hTrue;
        double completeness = hPred == 0 ? 1.0 : mi / hPred;
        return homogeneity + completeness == 0 ? 0.0 : 2 * homogeneity * completeness / (homogeneity + completeness);
    }

    /// <summary>AMI = (MI − E[MI]) / (mean(H(U), H(V)) − E[MI]).</summary>
    public static double AdjustedMutualInformation(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        var table = Contingency.Build(truth, predicted);
        int r = table.RowSums.Length, c = table.ColumnSums.Length;
        // sklearn: a single cluster in both labelings (or none) is a perfect match by convention.
        if ((r == 1 && c == 1) || (r == 0 && c == 0)) return 1.0;
        double mi = MutualInformation(table);
        double emi = ExpectedMutualInformation(table.RowSums, table.ColumnSums, table.N);
        double hTrue = Entropy(table.RowSums, table.N), hPred = Entropy(table.ColumnSums, table.N);
        double normalizer = (hTrue + hPred) / 2;
        double denominator = normalizer - emi;
        // Same guard as sklearn against a zero denominator.
        denominator = denominator < 0 ? Math.Min(denominator, -double.Epsilon) : Math.Max(denominator, double.Epsilon);
        return (mi - emi) / denominator;
    }

    internal static double Entropy(long[] counts, long n)
    {
        if (n == 0) return 1.0;
        double h = 0;
        foreach (var count in counts)
            if (count > 0) { double p = (double)count / n; h -= p * Math.Log(p); }
        return h;
    }

    internal static double MutualInformation(Contingency table)
    {
        double mi = 0, n = table.N;
        // MI = Σ nij/N log(N nij / (a_i b_j)); written out so each log stays in range.
        foreach (var ((i, j), nij) in table.Cells)
            mi += nij / n * (Math.Log(nij) + Math.Log(n) - Math.Log(table.RowSums[i]) - Math.Log(table.ColumnSums[j]));
        return Math.Max(mi, 0.0);
    }

    /// <summary>E[MI] over all contingency tables with the given margins (Vinh, Epps and Bailey 2010).</summary>
    internal static double ExpectedMutualInformation(long[] a, long[] b, long n)
    {
        double logN = Math.Log(n);
        double lgN1 = LogGamma(n + 1);
        double emi = 0;
        foreach (var ai in a)
        {
            foreach (var bj in b)
            {
                long start = Math.Max(1, ai + bj - n), end = Math.Min(ai, bj);
                double fixedPart = LogGamma(ai + 1) + LogGamma(bj + 1) + LogGamma(n - ai + 1) + LogGamma(n - bj + 1) - lgN1;
                double logAB = Math.Log(ai) + Math.Log(bj);
                for (long nij = start; nij <= end; nij++)
                {
                    double term1 = (double)nij / n;
                    double term2 = Math.Log(nij) + logN - logAB;
                    double gln = fixedPart - LogGamma(nij + 1) - LogGamma(ai - nij + 1) - LogGamma(bj - nij + 1) - LogGamma(n - ai - bj + nij + 1);
                    emi += term1 * term2 * Math.Exp(gln);
                }
            }
        }
        return emi;
    }

    private static double LogGamma(double x) => MathNet.Numerics.SpecialFunctions.GammaLn(x);
}

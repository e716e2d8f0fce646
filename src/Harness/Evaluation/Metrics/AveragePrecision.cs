namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>
/// Average precision over a scored list, as scikit-learn's <c>average_precision_score</c>:
/// AP = Σ (R_n − R_{n−1}) P_n over the distinct score thresholds in descending order, so tied scores form one
/// step (precision is taken after the whole tie group). This is not trec_eval's AP; MTEB uses it for
/// reranking (v1) and pair classification.
/// </summary>
public static class AveragePrecision
{
    /// <summary>AP of <paramref name="scores"/> for binary <paramref name="positive"/> labels; NaN when there is no positive.</summary>
    public static double Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        if (scores.Length != positive.Length)
            throw new ArgumentException($"scores ({scores.Length}) and labels ({positive.Length}) differ in length");
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        foreach (var s in keys) if (double.IsNaN(s)) throw new ArgumentException("a score is NaN; average precision needs comparable scores");
        Array.Sort(keys.Select(k => -k).ToArray(), order);

        int totalPositive = 0;
        foreach (var p in positive) if (p) totalPositive++;
        if (totalPositive == 0) return double.NaN;

        double ap = 0, previousRecall = 0;
        int tp = 0, fp = 0, start = 0;
        while (start < n)
        {
            int end = start;
            double threshold = scores[order[start]];
            while (end < n && scores[order[end]] == threshold)
            {
                if (positive[order[end]]) tp++; else fp++;
                end++;
            }
            double recall = (double)tp / totalPositive;
            double precision = (double)tp / (tp + fp);
            ap += (recall - previousRecall) * precision;
            previousRecall = recall;
            start = end;
        }
        return ap;
    }
}

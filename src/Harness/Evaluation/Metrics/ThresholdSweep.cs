namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>
/// Best-threshold accuracy and F1 for pair classification, reproducing MTEB's sorted sweeps
/// (<c>find_best_acc_and_threshold</c>, <c>find_best_f1_and_threshold</c>): pairs are sorted by score
/// (descending when a higher score means "more similar", ascending for distances) with a stable sort, and
/// every cut between consecutive pairs is tried; the threshold is the midpoint of the two scores.
/// </summary>
public static class ThresholdSweep
{
    /// <summary>Best accuracy over cuts and the threshold that reaches it.</summary>
    public static (double Accuracy, double Threshold) BestAccuracy(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, bool higherIsMoreSimilar)
    {
        var order = SortedOrder(scores, higherIsMoreSimilar);
        int n = order.Length;
        int remainingNegatives = 0;
        foreach (var p in positive) if (!p) remainingNegatives++;
        int positivesSoFar = 0;
        double best = 0, threshold = -1;
        for (int i = 0; i < n - 1; i++)
        {
            if (positive[order[i]]) positivesSoFar++; else remainingNegatives--;
            double accuracy = (double)(positivesSoFar + remainingNegatives) / n;
            if (accuracy > best)
            {
                best = accuracy;
                threshold = (scores[order[i]] + scores[order[i + 1]]) / 2;
            }
        }
        return (best, threshold);
    }

    /// <summary>Best F1 over cuts with its precision, recall and threshold.</summary>
    public static (double F1, double Precision, double Recall, double Threshold) BestF1(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, bool higherIsMoreSimilar)
    {
        var order = SortedOrder(scores, higherIsMoreSimilar);
        int totalPositive = 0;
        foreach (var p in positive) if (p) totalPositive++;
        double bestF1 = 0, bestPrecision = 0, bestRecall = 0, threshold = 0;
        int extracted = 0, correct = 0;
        for (int i = 0; i < order.Length - 1; i++)
        {
            extracted++;
            if (positive[order[i]]) correct++;
            if (correct == 0) continue;
            double precision = (double)correct / extracted, recall = (double)correct / totalPositive;
            double f1 = 2 * precision * recall / (precision + recall);
            if (f1 > bestF1)
            {
                bestF1 = f1; bestPrecision = precision; bestRecall = recall;
                threshold = (scores[order[i]] + scores[order[i + 1]]) / 2;
            }
        }
        return (bestF1, bestPrecision, bestRecall, threshold);
    }

    private static int[] SortedOrder(ReadOnlySpan<double> scores, bool descending)
    {
        var values = scores.ToArray();
        var order = Enumerable.Range(0, values.Length).ToArray();
        // Stable, like Python's sorted(reverse=...): equal scores keep their input order.
        return descending
            ? order.OrderByDescending(i => values[i]).ToArray()
            : order.OrderBy(i => values[i]).ToArray();
    }
}

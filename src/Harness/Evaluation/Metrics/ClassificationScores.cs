namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>Accuracy and macro F1 with scikit-learn's conventions (labels = union of true and predicted; 0/0 → 0).</summary>
public static class ClassificationScores
{
    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Check(truth, predicted);
        int correct = 0;
        for (int i = 0; i < truth.Length; i++) if (truth[i] == predicted[i]) correct++;
        return (double)correct / truth.Length;
    }

    /// <summary>Unweighted mean of per-label F1 (<c>f1_score(average="macro")</c>).</summary>
    public static double MacroF1(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        Check(truth, predicted);
        var tp = new Dictionary<int, int>();
        var fp = new Dictionary<int, int>();
        var fn = new Dictionary<int, int>();
        var labels = new SortedSet<int>();
        for (int i = 0; i < truth.Length; i++)
        {
            labels.Add(truth[i]); labels.Add(predicted[i]);
            if (truth[i] == predicted[i]) tp[truth[i]] = tp.GetValueOrDefault(truth[i]) + 1;
            else
            {
                fp[predicted[i]] = fp.GetValueOrDefault(predicted[i]) + 1;
                fn[truth[i]] = fn.GetValueOrDefault(truth[i]) + 1;
            }
        }
        double sum = 0;
        foreach (var label in labels)
        {
            int t = tp.GetValueOrDefault(label), denominator = 2 * t + fp.GetValueOrDefault(label) + fn.GetValueOrDefault(label);
            sum += denominator == 0 ? 0 : 2.0 * t / denominator;
        }
        return sum / labels.Count;
    }

    private static void Check(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        if (truth.Length != predicted.Length) throw new ArgumentException($"label arrays differ in length: {truth.Length} vs {predicted.Length}");
        if (truth.Length == 0) throw new ArgumentException("no items to score");
    }
}

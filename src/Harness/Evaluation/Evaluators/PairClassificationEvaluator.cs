using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Models;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// Pair classification as MTEB (<c>PairClassificationEvaluator</c>): for cosine, dot, euclidean and manhattan
/// (distances: lower = more similar), the best-threshold accuracy, the best F1 with its precision/recall, and
/// scikit-learn AP; then <c>max_*</c> over the four. Main score <c>max_ap</c>. Per-item unit: pair, with the
/// label, the four raw scores and whether the best cosine threshold classifies the pair correctly (so
/// <c>cosine_accuracy</c> is the mean of <c>cosine_correct</c> unless tied scores straddle the threshold).
/// </summary>
public static class PairClassificationEvaluator
{
    public static TaskResult Evaluate(PairTaskData data, EmbeddingPipeline pipeline)
    {
        var m = data.Manifest;
        var left = pipeline.Encode(data.Sentences1, TextKind.Query, m.QueryInstruction, $"{m.Name} sentence1");
        var right = pipeline.Encode(data.Sentences2, TextKind.Query, m.QueryInstruction, $"{m.Name} sentence2");
        return Score(m, data.Ids, left, right, data.Gold.Select(g => g == 1).ToArray());
    }

    public static TaskResult Score(TaskManifest manifest, IReadOnlyList<string> ids, EmbeddingMatrix left, EmbeddingMatrix right, bool[] labels)
    {
        int n = ids.Count;
        var kinds = new (string Name, bool HigherIsSimilar, Func<int, double> Score)[]
        {
            ("cosine", true, i => VectorMath.Cosine(left.Row(i), right.Row(i))),
            ("dot", true, i => VectorMath.DotDouble(left.Row(i), right.Row(i))),
            ("euclidean", false, i => VectorMath.Euclidean(left.Row(i), right.Row(i))),
            ("manhattan", false, i => VectorMath.Manhattan(left.Row(i), right.Row(i))),
        };
        var scores = new List<KeyValuePair<string, double>>();
        var raw = new double[kinds.Length][];
        double cosineThreshold = 0;
        double maxAccuracy = 0, maxF1 = 0, maxPrecision = 0, maxRecall = 0, maxAp = 0;
        for (int k = 0; k < kinds.Length; k++)
        {
            var (name, higher, score) = kinds[k];
            raw[k] = Enumerable.Range(0, n).Select(score).ToArray();
            var (accuracy, accuracyThreshold) = ThresholdSweep.BestAccuracy(raw[k], labels, higher);
            var (f1, precision, recall, f1Threshold) = ThresholdSweep.BestF1(raw[k], labels, higher);
            double ap = AveragePrecision.Compute(higher ? raw[k] : raw[k].Select(v => -v).ToArray(), labels);
            if (k == 0) cosineThreshold = accuracyThreshold;
            scores.Add(new($"{name}_accuracy", accuracy));
            scores.Add(new($"{name}_accuracy_threshold", accuracyThreshold));
            scores.Add(new($"{name}_f1", f1));
            scores.Add(new($"{name}_f1_threshold", f1Threshold));
            scores.Add(new($"{name}_precision", precision));
            scores.Add(new($"{name}_recall", recall));
            scores.Add(new($"{name}_ap", ap));
            maxAccuracy = Math.Max(maxAccuracy, accuracy); maxF1 = Math.Max(maxF1, f1);
            maxPrecision = Math.Max(maxPrecision, precision); maxRecall = Math.Max(maxRecall, recall); maxAp = Math.Max(maxAp, ap);
        }
        scores.InsertRange(0, [new("max_ap", maxAp), new("max_accuracy", maxAccuracy), new("max_f1", maxF1), new("max_precision", maxPrecision), new("max_recall", maxRecall)]);

        var items = new ItemScores("pair", ["label", "cosine", "dot", "euclidean", "manhattan", "cosine_correct"]);
        for (int i = 0; i < n; i++)
        {
            bool predicted = raw[0][i] > cosineThreshold;
            items.Add(ids[i], labels[i] ? 1 : 0, raw[0][i], raw[1][i], raw[2][i], raw[3][i], predicted == labels[i] ? 1.0 : 0.0);
        }
        return new TaskResult { Manifest = manifest, Scores = scores, Items = items, DecomposableScores = [] };
    }
}

using Ablation.Harness.Evaluation.Learning;
using Ablation.Models;
using System.Globalization;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// Classification as MTEB: a logistic-regression probe (<see cref="LogisticRegression"/>, sklearn defaults,
/// max 100 iterations) trained on an undersampled training set — the training positions are shuffled with the
/// task seed (numpy's legacy RandomState stream, so the subsets are MTEB's) and the first <c>samples_per_label</c>
/// examples of each label kept; the same list is reshuffled for every one of <c>n_experiments</c> experiments — and scored on the test split. Accuracy and macro F1 are
/// means over experiments; <c>scores_per_experiment</c> keeps each. Per-item unit: test item, with the
/// prediction of every experiment and the fraction of experiments that got it right, whose mean is exactly
/// the reported accuracy.
/// </summary>
public static class ClassificationEvaluator
{
    public static TaskResult Evaluate(ClassificationTaskData data, EmbeddingPipeline pipeline)
    {
        var m = data.Manifest;
        var train = pipeline.Encode(data.Train.Texts, TextKind.Query, m.QueryInstruction, $"{m.Name} train");
        var test = pipeline.Encode(data.Test.Texts, TextKind.Query, m.QueryInstruction, $"{m.Name} test");
        return Score(m, train, data.Train.Labels, data.Test.Ids, test, data.Test.Labels);
    }

    public static TaskResult Score(TaskManifest manifest, EmbeddingMatrix train, IReadOnlyList<string> trainLabels,
        IReadOnlyList<string> testIds, EmbeddingMatrix test, IReadOnlyList<string> testLabels)
    {
        var labelNames = trainLabels.Concat(testLabels).Distinct().Order(StringComparer.Ordinal).ToList();
        var labelIndex = labelNames.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var yTrain = trainLabels.Select(l => labelIndex[l]).ToArray();
        var yTest = testLabels.Select(l => labelIndex[l]).ToArray();

        // One numpy RandomState per task, reshuffling the same position list every experiment, as MTEB does.
        var random = new NumpyRandomState((uint)manifest.Seed);
        var positions = Enumerable.Range(0, yTrain.Length).ToArray();
        var predictions = new int[manifest.Experiments][];
        var perExperiment = new List<Dictionary<string, double>>();
        for (int e = 0; e < manifest.Experiments; e++)
        {
            random.Shuffle(positions);
            var kept = Undersample(positions, yTrain, manifest.SamplesPerLabel);
            var model = new LogisticRegression().Fit(train.SelectRows(kept), kept.Select(i => yTrain[i]).ToList());
            predictions[e] = model.Predict(test);
            perExperiment.Add(new Dictionary<string, double>
            {
                ["accuracy"] = ClassificationScores.Accuracy(yTest, predictions[e]),
                ["f1"] = ClassificationScores.MacroF1(yTest, predictions[e]),
            });
        }

        var columns = new List<string> { "label" };
        columns.AddRange(Enumerable.Range(0, manifest.Experiments).Select(e => $"prediction_{e}"));
        columns.Add("accuracy");
        var items = new ItemScores("item", columns);
        for (int i = 0; i < testIds.Count; i++)
        {
            var row = new List<object> { testLabels[i] };
            int correct = 0;
            for (int e = 0; e < manifest.Experiments; e++)
            {
                row.Add(labelNames[predictions[e][i]]);
                if (predictions[e][i] == yTest[i]) correct++;
            }
            row.Add((double)correct / manifest.Experiments);
            items.Add(testIds[i], row.ToArray());
        }
        var scores = new List<KeyValuePair<string, double>>
        {
            new("accuracy", perExperiment.Average(p => p["accuracy"])),
            new("f1", perExperiment.Average(p => p["f1"])),
        };
        return new TaskResult
        {
            Manifest = manifest, Scores = scores, Items = items, DecomposableScores = ["accuracy"],
            Extra = new Dictionary<string, object> { ["scores_per_experiment"] = perExperiment },
        };
    }

    /// <summary>The first <paramref name="perLabel"/> positions of each label in the given (shuffled) order.</summary>
    public static int[] Undersample(IReadOnlyList<int> positions, IReadOnlyList<int> labels, int perLabel)
    {
        var counts = new Dictionary<int, int>();
        var kept = new List<int>();
        foreach (int i in positions)
        {
            int seen = counts.GetValueOrDefault(labels[i]);
            if (seen < perLabel) { kept.Add(i); counts[labels[i]] = seen + 1; }
        }
        if (counts.Count < 2)
            throw new UserInputException($"classification needs at least two labels in the training split; found {counts.Count}");
        return kept.ToArray();
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

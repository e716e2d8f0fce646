using Ablation.Harness.Evaluation.Learning;
using Ablation.Harness.Evaluation.Metrics;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation.Metrics;

/// <summary>AP, V-measure, AMI, accuracy/F1 against scikit-learn values in tests/fixtures/evaluation/metrics.json.</summary>
public class SklearnMetricTests
{
    [Fact]
    public void AveragePrecisionMatchesSklearnIncludingTies()
    {
        foreach (var c in Root.GetProperty("average_precision").EnumerateArray())
        {
            var scores = Doubles(c.GetProperty("scores"));
            var labels = Ints(c.GetProperty("labels")).Select(l => l == 1).ToArray();
            Assert.Equal(c.GetProperty("ap").GetDouble(), AveragePrecision.Compute(scores, labels), 12);
        }
    }

    [Fact]
    public void VMeasureAndAmiMatchSklearn()
    {
        foreach (var c in Root.GetProperty("clustering").EnumerateArray())
        {
            var truth = Ints(c.GetProperty("truth"));
            var predicted = Ints(c.GetProperty("predicted"));
            Assert.Equal(c.GetProperty("v_measure").GetDouble(), ClusteringScores.VMeasure(truth, predicted), 10);
            Assert.Equal(c.GetProperty("ami").GetDouble(), ClusteringScores.AdjustedMutualInformation(truth, predicted), 9);
        }
    }

    [Fact]
    public void VMeasureIsInvariantToRenamingClusters()
    {
        int[] truth = [0, 0, 1, 1, 2, 2];
        Assert.Equal(1.0, ClusteringScores.VMeasure(truth, [5, 5, 3, 3, 9, 9]), 12);
        Assert.Equal(1.0, ClusteringScores.AdjustedMutualInformation(truth, [5, 5, 3, 3, 9, 9]), 12);
    }

    /// <summary>
    /// Tolerance: our L-BFGS and scipy's L-BFGS-B stop at slightly different points of the same strictly convex
    /// objective, so decision values differ by ~1e-4; we require ≥ 99% identical predictions and accuracy within
    /// 0.01 of sklearn's.
    /// </summary>
    [Fact]
    public void LogisticRegressionMatchesSklearnPredictions()
    {
        foreach (var c in Root.GetProperty("logistic_regression").EnumerateArray())
        {
            int d = c.GetProperty("dimension").GetInt32();
            var train = Matrix(c.GetProperty("x_train"), d);
            var test = Matrix(c.GetProperty("x_test"), d);
            var yTest = Ints(c.GetProperty("y_test"));
            var expected = Ints(c.GetProperty("predicted"));
            var model = new LogisticRegression().Fit(train, Ints(c.GetProperty("y_train")));
            var predicted = model.Predict(test);
            double agreement = predicted.Zip(expected).Count(p => p.First == p.Second) / (double)expected.Length;
            Assert.True(agreement >= 0.99, $"{c.GetProperty("name").GetString()}: only {agreement:P1} of predictions agree with sklearn");
            Assert.Equal(c.GetProperty("accuracy").GetDouble(), ClassificationScores.Accuracy(yTest, predicted), 2);
            Assert.InRange(Math.Abs(c.GetProperty("f1_macro").GetDouble() - ClassificationScores.MacroF1(yTest, predicted)), 0, 0.01);
        }
    }

    [Fact]
    public void MacroF1CountsLabelsThatAreOnlyPredicted()
    {
        // sklearn f1_score([0,0,1],[0,2,1], average="macro") = (2/3 + 1 + 0)/3: label 2 is predicted but absent.
        Assert.Equal((2.0 / 3 + 1 + 0) / 3, ClassificationScores.MacroF1([0, 0, 1], [0, 2, 1]), 12);
    }

    [Fact]
    public void KMeansRecoversWellSeparatedClusters()
    {
        var random = new Random(3);
        int perCluster = 30, d = 8, k = 4;
        var data = new float[k * perCluster * d];
        var truth = new int[k * perCluster];
        for (int c = 0; c < k; c++)
            for (int i = 0; i < perCluster; i++)
            {
                int row = c * perCluster + i;
                truth[row] = c;
                for (int j = 0; j < d; j++) data[row * d + j] = (j == c ? 10f : 0f) + (float)(random.NextDouble() - 0.5);
            }
        var clusters = new KMeans { Seed = 42 }.FitPredict(new Ablation.Harness.Evaluation.Encoding.EmbeddingMatrix(data, k * perCluster, d), k);
        Assert.Equal(1.0, ClusteringScores.VMeasure(truth, clusters), 12);
        Assert.Equal(clusters, new KMeans { Seed = 42 }.FitPredict(new Ablation.Harness.Evaluation.Encoding.EmbeddingMatrix(data, k * perCluster, d), k));
    }
}

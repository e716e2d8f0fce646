using Ablation.Harness.Evaluation.Encoding;

namespace Ablation.Harness.Evaluation.Metrics;

/// <summary>
/// The classification probe MTEB uses: scikit-learn's <c>LogisticRegression(max_iter=100)</c> defaults — L2
/// penalty with C = 1, intercept unpenalised, lbfgs. Objective as sklearn ≥ 1.1 writes it:
/// mean cross-entropy + ‖W‖²/(2·C·n). Two classes use one weight vector and the logistic loss (sklearn's
/// binary case); more classes use the multinomial (softmax) loss with one vector per class.
/// </summary>
public sealed class LogisticRegression
{
    private double[] _weights = [];   // K' × d, K' = 1 for binary
    private double[] _intercepts = []; // K'
    private int[] _classes = [];
    private int _dimension;

    public double C { get; init; } = 1.0;
    public int MaxIterations { get; init; } = 100;

    /// <summary>Iterations L-BFGS used in the last fit (100 means it stopped at the limit, like sklearn's ConvergenceWarning).</summary>
    public int IterationsUsed { get; private set; }

    /// <summary>The distinct training labels in ascending order (sklearn's <c>classes_</c>).</summary>
    public IReadOnlyList<int> Classes => _classes;

    public LogisticRegression Fit(EmbeddingMatrix x, IReadOnlyList<int> labels)
    {
        if (x.Rows != labels.Count) throw new ArgumentException($"{x.Rows} rows but {labels.Count} labels");
        _classes = labels.Distinct().Order().ToArray();
        if (_classes.Length < 2) throw new ArgumentException($"logistic regression needs at least two classes in the training data; got {_classes.Length}");
        _dimension = x.Dimension;
        int n = x.Rows, d = x.Dimension;
        var classIndex = labels.Select(l => Array.BinarySearch(_classes, l)).ToArray();
        bool binary = _classes.Length == 2;
        int k = binary ? 1 : _classes.Length;
        var parameters = new double[k * d + k];
        double penalty = 1.0 / (C * n);

        double ObjectiveFunction(ReadOnlySpan<double> p, Span<double> gradient)
        {
            gradient.Clear();
            var w = p[..(k * d)];
            var b = p[(k * d)..];
            double loss = 0;
            var z = new double[k];
            for (int i = 0; i < n; i++)
            {
                var row = x.Row(i);
                for (int c = 0; c < k; c++)
                {
                    double sum = b[c];
                    var wc = w.Slice(c * d, d);
                    for (int j = 0; j < d; j++) sum += wc[j] * row[j];
                    z[c] = sum;
                }
                if (binary)
                {
                    double t = classIndex[i];
                    // log(1 + e^z) − t z, computed stably.
                    loss += (z[0] > 0 ? z[0] + Math.Log(1 + Math.Exp(-z[0])) : Math.Log(1 + Math.Exp(z[0]))) - t * z[0];
                    double residual = 1 / (1 + Math.Exp(-z[0])) - t;
                    AddScaled(gradient[..d], row, residual / n);
                    gradient[d] += residual / n;
                }
                else
                {
                    double max = z.Max(), sumExp = 0;
                    for (int c = 0; c < k; c++) sumExp += Math.Exp(z[c] - max);
                    double logSumExp = max + Math.Log(sumExp);
                    loss += logSumExp - z[classIndex[i]];
                    for (int c = 0; c < k; c++)
                    {
                        double residual = Math.Exp(z[c] - logSumExp) - (c == classIndex[i] ? 1 : 0);
                        AddScaled(gradient.Slice(c * d, d), row, residual / n);
                        gradient[k * d + c] += residual / n;
                    }
                }
            }
            loss /= n;
            double squaredNorm = 0;
            for (int j = 0; j < k * d; j++)
            {
                squaredNorm += w[j] * w[j];
                gradient[j] += penalty * w[j];
            }
            return loss + 0.5 * penalty * squaredNorm;
        }

        IterationsUsed = new Lbfgs { MaxIterations = MaxIterations }.Minimize(ObjectiveFunction, parameters);
        _weights = parameters[..(k * d)];
        _intercepts = parameters[(k * d)..];
        return this;
    }

    /// <summary>Predicted label per row (highest decision value; first class on exact ties, as numpy argmax).</summary>
    public int[] Predict(EmbeddingMatrix x)
    {
        if (_classes.Length == 0) throw new InvalidOperationException("call Fit before Predict");
        if (x.Dimension != _dimension) throw new ArgumentException($"model was fitted on dimension {_dimension}, got {x.Dimension}");
        int k = _intercepts.Length, d = _dimension;
        var result = new int[x.Rows];
        for (int i = 0; i < x.Rows; i++)
        {
            var row = x.Row(i);
            int best = 0;
            double bestScore = double.NegativeInfinity;
            for (int c = 0; c < k; c++)
            {
                double s = _intercepts[c];
                for (int j = 0; j < d; j++) s += _weights[c * d + j] * row[j];
                if (s > bestScore) { bestScore = s; best = c; }
            }
            result[i] = k == 1 ? _classes[bestScore > 0 ? 1 : 0] : _classes[best];
        }
        return result;
    }

    private static void AddScaled(Span<double> target, ReadOnlySpan<float> row, double scale)
    {
        for (int j = 0; j < row.Length; j++) target[j] += scale * row[j];
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using Ablation.Harness.Evaluation.Encoding;

namespace Ablation.Harness.Evaluation.Learning;

/// <summary>
/// The classification probe MTEB uses: scikit-learn's <c>LogisticRegression(max_iter=100)</c> defaults — L2
/// penalty with C = 1, intercept unpenalised, lbfgs. The objective is written as recent scikit-learn releases
/// write it: mean log-loss + ‖W‖²/(2·C·n), stopping at max|gradient| ≤ 1e-4 or relative decrease ≤ 64ε.
/// (Debian's sklearn 1.2.1, used for the test fixtures, minimises n times the same function — summed loss +
/// ‖W‖²/(2C) — so the minimiser is the same and only the stopping point differs slightly.)
/// Two classes use one weight vector and the logistic loss (sklearn's binary case); more classes use the
/// multinomial (softmax) loss with one vector per class.
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

        // Training rows in double once, so the inner products below run on SIMD double lanes.
        var rows = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (int j = 0; j < d; j++) rows[i * d + j] = row[j];
        }
        int parameterCount = k * d + k;
        // A fixed number of sample ranges (not the core count), each summed on its own and merged in order, so the
        // floating-point result is the same on every machine and every run.
        const int partitions = 8;

        double ObjectiveFunction(ReadOnlySpan<double> p, Span<double> gradient)
        {
            var parameters = p.ToArray();
            var partial = new double[partitions][]; // per range: gradient sums, then the summed loss
            Parallel.For(0, partitions, part =>
            {
                var local = partial[part] = new double[parameterCount + 1];
                var z = new double[k];
                int begin = (int)((long)n * part / partitions), end = (int)((long)n * (part + 1) / partitions);
                for (int i = begin; i < end; i++)
                {
                    var row = new ReadOnlySpan<double>(rows, i * d, d);
                    for (int c = 0; c < k; c++) z[c] = parameters[k * d + c] + Dot(new ReadOnlySpan<double>(parameters, c * d, d), row);
                    if (binary)
                    {
                        double t = classIndex[i];
                        // log(1 + e^z) − t z, computed stably.
                        local[parameterCount] += (z[0] > 0 ? z[0] + Math.Log(1 + Math.Exp(-z[0])) : Math.Log(1 + Math.Exp(z[0]))) - t * z[0];
                        double residual = 1 / (1 + Math.Exp(-z[0])) - t;
                        AddScaled(local.AsSpan(0, d), row, residual);
                        local[d] += residual;
                    }
                    else
                    {
                        double max = z.Max(), sumExp = 0;
                        for (int c = 0; c < k; c++) sumExp += Math.Exp(z[c] - max);
                        double logSumExp = max + Math.Log(sumExp);
                        local[parameterCount] += logSumExp - z[classIndex[i]];
                        for (int c = 0; c < k; c++)
                        {
                            double residual = Math.Exp(z[c] - logSumExp) - (c == classIndex[i] ? 1 : 0);
                            AddScaled(local.AsSpan(c * d, d), row, residual);
                            local[k * d + c] += residual;
                        }
                    }
                }
            });
            var total = partial[0];
            for (int part = 1; part < partitions; part++)
                for (int j = 0; j < total.Length; j++) total[j] += partial[part][j];
            double squaredNorm = 0;
            for (int j = 0; j < parameterCount; j++) gradient[j] = total[j] / n;
            for (int j = 0; j < k * d; j++)
            {
                squaredNorm += parameters[j] * parameters[j];
                gradient[j] += penalty * parameters[j];
            }
            return total[parameterCount] / n + 0.5 * penalty * squaredNorm;
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

    private static void AddScaled(Span<double> target, ReadOnlySpan<double> row, double scale)
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var t = MemoryMarshal.Cast<double, Vector<double>>(target);
            var r = MemoryMarshal.Cast<double, Vector<double>>(row);
            var s = new Vector<double>(scale);
            for (int v = 0; v < r.Length; v++) t[v] += s * r[v];
            j = r.Length * Vector<double>.Count;
        }
        for (; j < row.Length; j++) target[j] += scale * row[j];
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int j = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc = Vector<double>.Zero;
            for (int v = 0; v < va.Length; v++) acc += va[v] * vb[v];
            sum = Vector.Dot(acc, Vector<double>.One);
            j = va.Length * Vector<double>.Count;
        }
        for (; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }
}

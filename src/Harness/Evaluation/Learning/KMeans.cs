using Ablation.Harness.Evaluation.Encoding;

namespace Ablation.Harness.Evaluation.Learning;

/// <summary>
/// Lloyd's k-means with greedy k-means++ seeding (2 + ⌊ln k⌋ candidates per centre, as scikit-learn) and a
/// fixed seed. Stops when no assignment changes or after <see cref="MaxIterations"/>. Deterministic for a
/// seed; it is not bit-identical to sklearn's MiniBatchKMeans (different random stream and full batches).
/// </summary>
public sealed class KMeans
{
    public int MaxIterations { get; init; } = 300;
    public int Seed { get; init; } = 42;

    /// <summary>Cluster index (0..k−1) for every row.</summary>
    public int[] FitPredict(EmbeddingMatrix x, int k)
    {
        int n = x.Rows, d = x.Dimension;
        if (k <= 0 || k > n) throw new ArgumentException($"k-means needs 1 ≤ k ≤ n; got k={k}, n={n}");
        var random = new Random(Seed);
        var centres = InitialCentres(x, k, random);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var distances = new double[n];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            bool changed = false;
            for (int i = 0; i < n; i++)
            {
                int best = 0; double bestDistance = double.PositiveInfinity;
                for (int c = 0; c < k; c++)
                {
                    double dist = SquaredDistance(x.Row(i), centres.AsSpan(c * d, d));
                    if (dist < bestDistance) { bestDistance = dist; best = c; }
                }
                distances[i] = bestDistance;
                if (assignment[i] != best) { assignment[i] = best; changed = true; }
            }
            if (!changed) break;

            var sums = new double[k * d];
            var counts = new int[k];
            for (int i = 0; i < n; i++)
            {
                counts[assignment[i]]++;
                var row = x.Row(i);
                for (int j = 0; j < d; j++) sums[assignment[i] * d + j] += row[j];
            }
            for (int c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                {
                    // Empty cluster: move its centre to the point farthest from its own centre.
                    int far = 0;
                    for (int i = 1; i < n; i++) if (distances[i] > distances[far]) far = i;
                    distances[far] = 0;
                    for (int j = 0; j < d; j++) centres[c * d + j] = x.Row(far)[j];
                    continue;
                }
                for (int j = 0; j < d; j++) centres[c * d + j] = sums[c * d + j] / counts[c];
            }
        }
        return assignment;
    }

    private static double[] InitialCentres(EmbeddingMatrix x, int k, Random random)
    {
        int n = x.Rows, d = x.Dimension;
        int trials = 2 + (int)Math.Log(k);
        var centres = new double[k * d];
        int first = random.Next(n);
        CopyRow(x, first, centres, 0);
        var closest = new double[n];
        for (int i = 0; i < n; i++) closest[i] = SquaredDistance(x.Row(i), centres.AsSpan(0, d));
        for (int c = 1; c < k; c++)
        {
            double total = closest.Sum();
            int bestCandidate = -1; double bestPotential = double.PositiveInfinity; double[]? bestClosest = null;
            for (int t = 0; t < trials; t++)
            {
                int candidate = SampleProportional(closest, total, random);
                var candidateRow = x.Row(candidate).ToArray().Select(v => (double)v).ToArray();
                var updated = new double[n];
                double potential = 0;
                for (int i = 0; i < n; i++)
                {
                    updated[i] = Math.Min(closest[i], SquaredDistance(x.Row(i), candidateRow));
                    potential += updated[i];
                }
                if (potential < bestPotential) { bestPotential = potential; bestCandidate = candidate; bestClosest = updated; }
            }
            CopyRow(x, bestCandidate, centres, c * d);
            closest = bestClosest!;
        }
        return centres;
    }

    private static int SampleProportional(double[] weights, double total, Random random)
    {
        if (total <= 0) return random.Next(weights.Length);
        double target = random.NextDouble() * total, cumulative = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (cumulative > target) return i;
        }
        return weights.Length - 1;
    }

    private static void CopyRow(EmbeddingMatrix x, int row, double[] target, int offset)
    {
        var source = x.Row(row);
        for (int j = 0; j < source.Length; j++) target[offset + j] = source[j];
    }

    private static double SquaredDistance(ReadOnlySpan<float> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) { double diff = a[j] - b[j]; sum += diff * diff; }
        return sum;
    }
}

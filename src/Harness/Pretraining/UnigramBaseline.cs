namespace Ablation.Harness.Pretraining;

/// <summary>
/// The context-free reference a language model must beat: token probabilities from training counts with add-one
/// (Laplace) smoothing, p(t) = (c(t) + 1) / (N + V), over the full vocabulary V, so unseen tokens keep a non-zero
/// probability. Its perplexity on held-out text is exp of the mean negative log-probability of the held-out targets.
/// </summary>
public sealed class UnigramBaseline
{
    private readonly double[] _logProb;

    /// <summary>Counts <paramref name="trainTargets"/> (ids in [0, <paramref name="vocabSize"/>)).</summary>
    public UnigramBaseline(IEnumerable<int> trainTargets, int vocabSize)
    {
        if (vocabSize < 1) throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, "the vocabulary must hold at least one token");
        var counts = new long[vocabSize];
        long total = 0;
        foreach (int id in trainTargets)
        {
            if ((uint)id >= (uint)vocabSize)
                throw new ArgumentOutOfRangeException(nameof(trainTargets), id, $"token id outside the vocabulary of {vocabSize}");
            counts[id]++;
            total++;
        }
        TrainTokens = total;
        double logDenominator = Math.Log(total + (double)vocabSize);
        _logProb = counts.Select(c => Math.Log(c + 1.0) - logDenominator).ToArray();
    }

    public long TrainTokens { get; }

    public int VocabSize => _logProb.Length;

    /// <summary>Natural-log probability of one token.</summary>
    public double LogProbability(int id) => _logProb[id];

    /// <summary>Mean negative log-likelihood (nats per token) of <paramref name="targets"/>.</summary>
    public double MeanNll(IEnumerable<int> targets)
    {
        double sum = 0;
        long n = 0;
        foreach (int id in targets) { sum -= _logProb[id]; n++; }
        if (n == 0) throw new ArgumentException("no held-out tokens to score", nameof(targets));
        return sum / n;
    }

    /// <summary>exp(<see cref="MeanNll"/>).</summary>
    public double Perplexity(IEnumerable<int> targets) => Math.Exp(MeanNll(targets));
}

namespace Ablation.Stats.Resampling;

/// <summary>
/// A statistic of a resampled set of item indices (with repetition). Because it sees indices, not values, any
/// metric works: a mean of per-item scores, a Spearman correlation over pairs, a V-measure or an AP over a list.
/// Implementations keep their own scratch buffers so evaluation does not allocate; they are therefore not
/// thread-safe (use one instance per thread).
/// </summary>
public interface IResampleStatistic
{
    /// <summary>Number of items in the original sample; indices lie in [0, ItemCount).</summary>
    int ItemCount { get; }

    /// <summary>The statistic on the multiset of items given by <paramref name="indices"/>.</summary>
    double Evaluate(ReadOnlySpan<int> indices);
}

/// <summary>
/// Optional: the statistic from the multiplicity of each item in the resample (<see cref="ResampleCounts"/>); equals
/// <see cref="IResampleStatistic.Evaluate"/> on any index set with those multiplicities, bit for bit. A caller
/// evaluating many statistics on one resample then counts once, not once per statistic, and the statistics can
/// skip the items not drawn.
/// </summary>
public interface ICountedStatistic
{
    double EvaluateCounts(ResampleCounts counts);
}

/// <summary>
/// Optional fast leave-one-out values for BCa's acceleration: without it the jackknife evaluates the statistic
/// on n index sets of size n − 1, which is O(n²) for statistics that are O(n).
/// </summary>
public interface IJackknifeShortcut
{
    /// <summary>Writes the statistic with item i left out into <paramref name="output"/>[i].</summary>
    void LeaveOneOut(Span<double> output);
}

/// <summary>A statistic given as a delegate over indices (the delegate must not keep the span).</summary>
public delegate double IndexStatistic(ReadOnlySpan<int> indices);

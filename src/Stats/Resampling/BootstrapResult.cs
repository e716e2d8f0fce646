namespace Ablation.Stats.Resampling;

/// <summary>A confidence interval and how it was made.</summary>
public sealed record ConfidenceInterval(double Low, double High, double Level, string Method);

/// <summary>Outcome of a bootstrap: the estimate on the full sample, its intervals, and a bootstrap p-value.</summary>
/// <param name="Estimate">The statistic on the original sample.</param>
/// <param name="StandardError">Standard deviation of the bootstrap replicates (ddof = 1, as scipy).</param>
/// <param name="Percentile">Percentile interval.</param>
/// <param name="BCa">Bias-corrected and accelerated interval (null for the hierarchical bootstrap).</param>
/// <param name="PValue">Bootstrap p-value for H0: statistic = 0 (shifted-replicate method, (b + 1)/(B + 1)).</param>
/// <param name="Replicates">The bootstrap replicates, in draw order.</param>
public sealed record BootstrapResult(double Estimate, double StandardError, ConfidenceInterval Percentile,
    ConfidenceInterval? BCa, double PValue, double[] Replicates);

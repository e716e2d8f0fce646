namespace Ablation.Stats;

/// <summary>A test statistic and its p-value, with the name of the method that produced them.</summary>
/// <param name="Statistic">The statistic in the convention of the reference implementation named in each test's docs.</param>
/// <param name="PValue">The p-value, in [0, 1].</param>
/// <param name="Method">Which variant ran, e.g. "exact" or "normal approximation", so reports can say so.</param>
public sealed record TestResult(double Statistic, double PValue, string Method);

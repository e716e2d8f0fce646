namespace Ablation.Stats.PairedTests;

/// <summary>How the Wilcoxon signed-rank test treats zero differences (scipy's <c>zero_method</c>).</summary>
public enum ZeroMethod
{
    /// <summary>Drop zero differences before ranking (Wilcoxon 1945; scipy's default).</summary>
    Wilcox,

    /// <summary>Rank with the zeros, then drop their ranks (Pratt 1959): more robust when zeros are informative.</summary>
    Pratt,

    /// <summary>Rank with the zeros and split their ranks evenly between the positive and negative sums.</summary>
    ZSplit,
}

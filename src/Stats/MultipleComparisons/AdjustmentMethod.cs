namespace Ablation.Stats.MultipleComparisons;

/// <summary>Multiple-comparison procedures, named as in statsmodels' multipletests.</summary>
public enum AdjustmentMethod
{
    /// <summary>Family-wise error rate, any dependence: p·m.</summary>
    Bonferroni,

    /// <summary>Holm's step-down (FWER, any dependence); the report's default.</summary>
    Holm,

    /// <summary>Hochberg's step-up (FWER; valid under independence or positive dependence). statsmodels: simes-hochberg.</summary>
    Hochberg,

    /// <summary>Holm's step-down with Šidák's per-step levels (FWER; independence or positive orthant dependence).</summary>
    HolmSidak,

    /// <summary>Benjamini–Hochberg false discovery rate (independence or positive dependence). statsmodels: fdr_bh.</summary>
    BenjaminiHochberg,

    /// <summary>Benjamini–Yekutieli false discovery rate under any dependence. statsmodels: fdr_by.</summary>
    BenjaminiYekutieli,
}

/// <summary>Command-line and report names of <see cref="AdjustmentMethod"/>.</summary>
public static class AdjustmentMethodNames
{
    public static string ToName(this AdjustmentMethod method) => method switch
    {
        AdjustmentMethod.Bonferroni => "bonferroni",
        AdjustmentMethod.Holm => "holm",
        AdjustmentMethod.Hochberg => "hochberg",
        AdjustmentMethod.HolmSidak => "holm-sidak",
        AdjustmentMethod.BenjaminiHochberg => "bh",
        AdjustmentMethod.BenjaminiYekutieli => "by",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Accepts our short names and statsmodels' names (simes-hochberg, fdr_bh, fdr_by).</summary>
    public static AdjustmentMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "bonferroni" => AdjustmentMethod.Bonferroni,
        "holm" => AdjustmentMethod.Holm,
        "hochberg" or "simes-hochberg" => AdjustmentMethod.Hochberg,
        "holm-sidak" => AdjustmentMethod.HolmSidak,
        "bh" or "fdr_bh" or "benjamini-hochberg" => AdjustmentMethod.BenjaminiHochberg,
        "by" or "fdr_by" or "benjamini-yekutieli" => AdjustmentMethod.BenjaminiYekutieli,
        _ => throw new ArgumentException($"unknown correction method '{name}'; use holm, bonferroni, hochberg, holm-sidak, bh or by"),
    };
}

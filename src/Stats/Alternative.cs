namespace Ablation.Stats;

/// <summary>
/// The alternative hypothesis of a paired test about the difference a − b (scipy's <c>alternative</c>):
/// <see cref="Greater"/> means "a tends to be larger than b".
/// </summary>
public enum Alternative
{
    TwoSided,
    Greater,
    Less,
}

/// <summary>Parsing and printing of <see cref="Alternative"/> with scipy's spellings.</summary>
public static class AlternativeNames
{
    public static string ToScipyName(this Alternative alternative) => alternative switch
    {
        Alternative.TwoSided => "two-sided",
        Alternative.Greater => "greater",
        Alternative.Less => "less",
        _ => throw new ArgumentOutOfRangeException(nameof(alternative)),
    };

    public static Alternative Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "two-sided" or "two_sided" or "twosided" => Alternative.TwoSided,
        "greater" => Alternative.Greater,
        "less" => Alternative.Less,
        _ => throw new ArgumentException($"unknown alternative '{name}'; use two-sided, greater or less"),
    };
}

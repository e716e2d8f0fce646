namespace Ablation.Harness.Reporting;

/// <summary>Task types grouped into the report's categories, in the order the report lists them.</summary>
public static class ReportCategories
{
    /// <summary>Categories in report order; paper A's main table has STS, classification, retrieval and clustering.</summary>
    public static readonly IReadOnlyList<string> Order =
        ["retrieval", "reranking", "sts", "classification", "clustering", "pair classification", "summarization"];

    public static string Of(string taskType) => taskType switch
    {
        "pair_classification" or "pairclassification" => "pair classification",
        _ => taskType,
    };

    /// <summary>Position in <see cref="Order"/> (unknown types last, by name).</summary>
    public static int Rank(string category)
    {
        int index = Order.ToList().IndexOf(category);
        return index < 0 ? Order.Count : index;
    }
}

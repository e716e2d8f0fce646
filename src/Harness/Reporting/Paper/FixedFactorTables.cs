namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// Paper A's Tables 3 and 4 (papers.md A5): pooling compared under fixed attention, and attention compared under
/// fixed pooling, each comparison per category in paper A's form (Δ, `*` = Wilcoxon across tasks) with our
/// per-item verdict beside it.
/// </summary>
public static class FixedFactorTables
{
    public const string PoolingName = "a-table3", AttentionName = "a-table4";

    /// <summary>(held fixed, a, b): pooling comparisons with attention fixed.</summary>
    public static readonly IReadOnlyList<(string Fixed, string A, string B)> PoolingPairs =
    [
        ("Causal", PaperRoles.M2, PaperRoles.M1), ("Causal", PaperRoles.M3, PaperRoles.M1), ("Causal", PaperRoles.M3, PaperRoles.M2),
        ("Bidirectional", PaperRoles.M5, PaperRoles.M4),
    ];

    /// <summary>(held fixed, a, b): attention comparisons (bidirectional − causal) with pooling fixed.</summary>
    public static readonly IReadOnlyList<(string Fixed, string A, string B)> AttentionPairs =
    [
        ("Last-Layer Trainable", PaperRoles.M4, PaperRoles.M2), ("Multi-Layers Trainable", PaperRoles.M5, PaperRoles.M3),
    ];

    public static IReadOnlyList<ReportTable> Pooling(PaperContext context) => Build(context, PoolingName, "Attention", PoolingPairs,
        "pooling compared under fixed attention");

    public static IReadOnlyList<ReportTable> Attention(PaperContext context) => Build(context, AttentionName, "Pooling", AttentionPairs,
        "attention (bidirectional − causal) compared under fixed pooling");

    private static IReadOnlyList<ReportTable> Build(PaperContext context, string name, string fixedHeading,
        IReadOnlyList<(string Fixed, string A, string B)> pairs, string what)
    {
        foreach (var role in pairs.SelectMany(p => new[] { p.A, p.B }).Distinct()) context.Design(role, name);
        var m = context.Model;
        var header = new List<string> { fixedHeading, "Comparison", "Designs" };
        foreach (var (_, heading) in PaperTables.PaperACategories) { header.Add(heading); header.Add(heading + " per-item"); }
        var rows = new List<string[]>();
        var detail = new List<(string, Comparison)>();
        foreach (var (fixedValue, a, b) in pairs)
        {
            string da = context.Roles[a], db = context.Roles[b];
            string label = $"Model {a[1]} vs Model {b[1]}";
            var row = new List<string> { fixedValue, label, $"{da} − {db}" };
            foreach (var (category, _) in PaperTables.PaperACategories)
            {
                var c = CategoryComparison.Of(context, category, da, db);
                row.Add(c.PaperCell);
                row.Add(c.Verdict);
                detail.AddRange(c.PerTask.Select(x => (label, x)));
            }
            rows.Add(row.ToArray());
        }
        string caption = $"Paper A {(name == PoolingName ? "Table 3" : "Table 4")} on {m.Name}: {what}. Δ = mean over the category's tasks of the difference of " +
            "seed-mean main scores; * = two-sided Wilcoxon signed-rank test across those tasks, p < 0.05 (paper A's test); " +
            $"'per-item' = tasks significantly better (↑) or worse (↓) after {PaperTables.Family(m)}.";
        return
        [
            new ReportTable(name, caption, header, rows, header.Select((_, i) => i >= 3).ToList()),
            PaperTables.TaskDetail(name + "-tasks", $"Per-task comparisons behind {name} ({PaperTables.Family(m)}).", detail),
        ];
    }
}

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// Paper A's Table 2 (papers.md A5): Model 1 absolute, Models 2–5 as Δ vs Model 1 per category (STS, Clas., Retr.,
/// Clus.) with `*` = Wilcoxon signed-rank across the category's tasks, p &lt; 0.05; beside each, our per-item,
/// seed-aware verdict.
/// </summary>
public static class ATable2
{
    public const string Name = "a-table2";

    public static IReadOnlyList<ReportTable> Build(PaperContext context)
    {
        var designs = PaperRoles.PaperA.Select(r => context.Design(r.Key, Name)).ToList();
        var m = context.Model;
        string m1 = designs[0];
        var header = new List<string> { "Model", "Pooling", "Attention", "Design" };
        foreach (var (_, heading) in PaperTables.PaperACategories) { header.Add(heading); header.Add(heading + " per-item"); }
        var rows = new List<string[]>();
        var detail = new List<(string, Comparison)>();
        for (int k = 0; k < designs.Count; k++)
        {
            var role = PaperRoles.PaperA[k];
            var row = new List<string> { (k + 1).ToString(), role.PoolingLabel!, role.AttentionLabel!, designs[k] };
            foreach (var (category, _) in PaperTables.PaperACategories)
            {
                if (k == 0)
                {
                    var tasks = context.TasksOf(category, m1);
                    row.Add(tasks.Count == 0 ? "–" : Fmt.Num(tasks.Average(t => m.Score(t, m1)!.Mean)));
                    row.Add(tasks.Count == 0 ? "no task" : $"{tasks.Count} task{(tasks.Count == 1 ? "" : "s")}");
                    continue;
                }
                var c = CategoryComparison.Of(context, category, designs[k], m1);
                row.Add(c.PaperCell);
                row.Add(c.Verdict);
                detail.AddRange(c.PerTask.Select(x => ($"Model {k + 1} vs Model 1", x)));
            }
            rows.Add(row.ToArray());
        }
        var missing = PaperTables.PaperACategories.Where(c => context.TasksOf(c.Category, m1).Count == 0).Select(c => c.Heading).ToList();
        var small = PaperTables.PaperACategories.Select(c => (c.Heading, N: context.TasksOf(c.Category, m1).Count)).Where(c => c.N is > 0 and < 6).ToList();
        string caption = $"Paper A Table 2 on {m.Name}: Model 1 absolute (main score averaged over the category's tasks; each task's score is the mean over seeds), " +
            "Models 2–5 as Δ vs Model 1; * = two-sided Wilcoxon signed-rank test across the category's tasks, p < 0.05 (paper A's test, no correction). " +
            $"'per-item' = tasks whose per-item, seed-aware comparison with Model 1 is significant (↑ better, ↓ worse) after {PaperTables.Family(m)}." +
            (small.Count > 0 ? $" With n tasks the Wilcoxon test cannot go below p = 2/2^n, so it cannot reach 0.05 in {string.Join(", ", small.Select(s => $"{s.Heading} (n = {s.N})"))}." : "") +
            (missing.Count > 0 ? $" No task of {string.Join(", ", missing)} in this suite." : "");
        var numeric = header.Select((_, i) => i >= 4).ToList();
        return
        [
            new ReportTable(Name, caption, header, rows, numeric),
            PaperTables.TaskDetail(Name + "-tasks", $"Per-task comparisons behind {Name} ({PaperTables.Family(m)}).", detail),
        ];
    }
}

using System.Globalization;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// Paper B's ablations (papers.md B5): stage I on / off, and stage I with both reconstruction tasks, EBD2Q only or
/// EBQ2D only, each as Δ vs the stage-II-only baseline (and "both" vs each single task) per category and over all
/// tasks, with `*` = Wilcoxon across tasks and our per-item verdict. Paper B publishes no numbers for it.
/// </summary>
public static class BAblationTable
{
    public const string Name = "b-ablation";

    public static IReadOnlyList<ReportTable> Build(PaperContext context)
    {
        string baseline = context.Design(PaperRoles.StageTwoOnly, Name);
        string both = context.Design(PaperRoles.Both, Name);
        string d2q = context.Design(PaperRoles.D2QOnly, Name);
        string q2d = context.Design(PaperRoles.Q2DOnly, Name);
        var m = context.Model;
        var categories = m.Tasks.Select(t => t.Category).Distinct().OrderBy(ReportCategories.Rank).ThenBy(c => c, StringComparer.Ordinal).ToList();
        categories.Add(PaperContext.AllTasks);

        var header = new List<string> { "Model", "Design", "Stage I", "w_d2q", "w_q2d", "Compared with" };
        foreach (var c in categories) { header.Add(c); header.Add(c + " per-item"); }
        var rows = new List<string[]>();
        var detail = new List<(string, Comparison)>();
        string W(double w) => w.ToString("0.###", CultureInfo.InvariantCulture);

        List<string> Head(string role, string design, string vs)
        {
            var t = context.Traits.First(x => x.Design == design);
            bool stageOne = t.Stages.Contains("reconstruction");
            return [PaperRoles.Get(role).Label, design, stageOne ? "yes" : "no", stageOne ? W(t.WD2Q) : "–", stageOne ? W(t.WQ2D) : "–", vs];
        }

        var first = Head(PaperRoles.StageTwoOnly, baseline, "(absolute)");
        foreach (var c in categories)
        {
            var tasks = context.TasksOf(c, baseline);
            first.Add(tasks.Count == 0 ? "–" : Fmt.Num(tasks.Average(t => m.Score(t, baseline)!.Mean)));
            first.Add($"{tasks.Count} task{(tasks.Count == 1 ? "" : "s")}");
        }
        rows.Add(first.ToArray());

        var pairs = new List<(string Role, string A, string B, string VsRole)>
        {
            (PaperRoles.Both, both, baseline, PaperRoles.StageTwoOnly),
            (PaperRoles.D2QOnly, d2q, baseline, PaperRoles.StageTwoOnly),
            (PaperRoles.Q2DOnly, q2d, baseline, PaperRoles.StageTwoOnly),
        };
        if (context.Has(PaperRoles.StageOneOnly)) pairs.Add((PaperRoles.StageOneOnly, context.Roles[PaperRoles.StageOneOnly], baseline, PaperRoles.StageTwoOnly));
        pairs.Add((PaperRoles.Both, both, d2q, PaperRoles.D2QOnly));
        pairs.Add((PaperRoles.Both, both, q2d, PaperRoles.Q2DOnly));
        foreach (var (role, a, b, vsRole) in pairs)
        {
            var row = Head(role, a, $"{PaperRoles.Get(vsRole).Label} ({b})");
            string label = $"{PaperRoles.Get(role).Label} vs {PaperRoles.Get(vsRole).Label}";
            foreach (var c in categories)
            {
                var cc = CategoryComparison.Of(context, c, a, b);
                row.Add(cc.PaperCell);
                row.Add(cc.Verdict);
                if (c != PaperContext.AllTasks) detail.AddRange(cc.PerTask.Select(x => (label, x)));
            }
            rows.Add(row.ToArray());
        }
        string caption = $"Paper B ablations on {m.Name}: first row absolute (main score averaged over the category's tasks, each the mean over seeds), " +
            "other rows Δ vs the design named in 'Compared with'; * = two-sided Wilcoxon signed-rank test across the category's tasks, p < 0.05; " +
            $"'per-item' = tasks significantly better (↑) or worse (↓) after {PaperTables.Family(m)}. Paper B gives no numbers to compare with.";
        return
        [
            new ReportTable(Name, caption, header, rows, header.Select((_, i) => i >= 6 || i is 3 or 4).ToList()),
            PaperTables.TaskDetail(Name + "-tasks", $"Per-task comparisons behind {Name} ({PaperTables.Family(m)}).", detail),
        ];
    }
}

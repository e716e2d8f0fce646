using Ablation.Stats;
using Ablation.Stats.PairedTests;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// Two designs in one category, both ways the harness judges them: paper A's (the mean over the category's tasks of
/// the difference of main scores, `*` when the Wilcoxon signed-rank test across those tasks gives p &lt; 0.05, as the
/// report's category table computes it) and ours (how many of the tasks show a significant per-item difference after
/// the correction over the report's family, each with its hierarchical-bootstrap interval over seeds and items).
/// </summary>
public sealed record CategoryComparison(string Category, string A, string B, IReadOnlyList<string> Tasks, double Delta, double? WilcoxonP,
    IReadOnlyList<Comparison> PerTask)
{
    public const double PaperAlpha = 0.05;

    public bool Star => WilcoxonP < PaperAlpha;
    public int Better => PerTask.Count(c => c.Significant && c.MeanDiff > 0);
    public int Worse => PerTask.Count(c => c.Significant && c.MeanDiff < 0);

    /// <summary>Paper A's cell: signed Δ with 4 decimals and `*` when significant.</summary>
    public string PaperCell => Tasks.Count == 0 ? "–" : Fmt.Signed(Delta) + (Star ? "*" : "");

    /// <summary>Our verdict: tasks significantly better / worse after correction, of those compared.</summary>
    public string Verdict => Tasks.Count == 0 ? "–" : $"{Better}↑ {Worse}↓ of {Tasks.Count}";

    public static CategoryComparison Of(PaperContext context, string category, string a, string b)
    {
        var m = context.Model;
        var tasks = context.TasksOf(category, a, b);
        var x = tasks.Select(t => m.Score(t, a)!.Mean).ToArray();
        var y = tasks.Select(t => m.Score(t, b)!.Mean).ToArray();
        double delta = tasks.Count == 0 ? double.NaN : Summary.Mean(Differences.Of(x, y));
        // The report's conventions: scores rounded like its ranks (an equal score summed in another order is a tie), and
        // identical scores are no evidence of a difference (scipy refuses all-zero differences).
        var rx = x.Select(ReportBuilder.RankKey).ToArray();
        var ry = y.Select(ReportBuilder.RankKey).ToArray();
        double? p = tasks.Count == 0 ? null : rx.Zip(ry).All(v => v.First == v.Second) ? 1.0 : WilcoxonSignedRank.Test(rx, ry).PValue;
        var perTask = tasks.Select(t => context.Compare(a, b, t)).OfType<Comparison>().ToList();
        return new CategoryComparison(category, a, b, tasks, delta, p, perTask);
    }
}

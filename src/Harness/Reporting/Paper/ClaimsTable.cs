using MathNet.Numerics.Distributions;

namespace Ablation.Harness.Reporting.Paper;

/// <summary>
/// <c>--paper claims</c>: for each headline claim of papers A and B, the comparisons that test it in this grid, each
/// effect with its interval, the adjusted p-value, the minimum detectable difference, and a verdict (replicates /
/// contradicted / not detectable at this scale), then one verdict per claim.
/// </summary>
public static class ClaimsTable
{
    public const string Name = "claims";

    /// <summary>One tested comparison (or the convergence test) of a claim.</summary>
    public sealed record Row(string Claim, string Comparison, string Designs, string Task, string Category, string Expected, double Delta, double CiLow,
        double CiHigh, double PAdjusted, string Test, double Mde, string Verdict);

    /// <summary>A claim's verdict with its counts and what could not be tested.</summary>
    public sealed record Summary(Claim Claim, int Comparisons, string Verdict, string Note);

    public static (IReadOnlyList<Row> Rows, IReadOnlyList<Summary> Summaries) Evaluate(PaperContext context)
    {
        var m = context.Model;
        double z = Normal.InvCDF(0, 1, 1 - m.Options.Alpha / 2) + Normal.InvCDF(0, 1, 0.8);
        var rows = new List<Row>();
        var summaries = new List<Summary>();
        foreach (var claim in PaperClaims.All)
        {
            var own = new List<Row>();
            var missing = new SortedSet<string>(StringComparer.Ordinal);
            if (claim.NeedsOtherBase)
            {
                summaries.Add(new Summary(claim, 0, ClaimVerdict.NotTested,
                    "needs a second base model's results: run experiments/paper-a-qwen2-0.5b.json (or the same designs on another base) and --paper claims on each folder"));
                continue;
            }
            if (claim.Convergence)
            {
                string note = "";
                if (!context.Has(PaperRoles.Both) || !context.Has(PaperRoles.StageTwoOnly))
                    note = "needs " + string.Join(" and ", new[] { PaperRoles.Both, PaperRoles.StageTwoOnly }.Where(r => !context.Has(r)).Select(r => PaperRoles.Get(r).Label));
                else if (EarlyConvergence.Of(m, context.Roles[PaperRoles.Both], context.Roles[PaperRoles.StageTwoOnly], m.Options.Level, m.Options.Alpha) is not { } e)
                    note = "needs a stage-II loss curve (train-metrics.csv) for at least 2 seeds of both designs";
                else
                {
                    bool significant = e.PValue < m.Options.Alpha;
                    // Lower loss is better: the expectation is on the negated difference.
                    string verdict = ClaimVerdict.Judge(significant, -e.MeanDiff, Expectation.Better);
                    own.Add(new Row(claim.Id, "stage I + II vs stage II only", $"{e.With} − {e.Without}", $"mean stage-II loss, first {e.EarlySteps} steps",
                        "training", "lower", e.MeanDiff, e.CiLow, e.CiHigh, e.PValue,
                        $"paired t-test over seeds (n = {e.Seeds.Count}), not in the report's family", e.Mde, verdict));
                    note = "loss from train-metrics.csv; the MDE is for a paired t-test over the seeds";
                }
                rows.AddRange(own);
                summaries.Add(new Summary(claim, own.Count, own.Count == 0 ? ClaimVerdict.NotTested : own[0].Verdict, note));
                continue;
            }
            foreach (var test in claim.Tests)
            {
                if (!context.Has(test.A) || !context.Has(test.B))
                {
                    foreach (var r in new[] { test.A, test.B }.Where(r => !context.Has(r))) missing.Add(PaperRoles.Get(r).Label);
                    continue;
                }
                string a = context.Roles[test.A], b = context.Roles[test.B];
                foreach (var task in context.TasksOf(test.Category, a, b))
                {
                    var c = context.Compare(a, b, task);
                    if (c is null) continue;
                    own.Add(new Row(claim.Id, $"{PaperRoles.Get(test.A).Label} vs {PaperRoles.Get(test.B).Label}", $"{a} − {b}", task, c.Category,
                        test.Expected == Expectation.Better ? "better" : "not better", c.MeanDiff, c.CiLow, c.CiHigh, c.PAdjusted,
                        $"{c.Test}; unit {c.Unit}, n = {c.N}", z * c.StandardError, ClaimVerdict.Judge(c.Significant, c.MeanDiff, test.Expected)));
                }
            }
            rows.AddRange(own);
            var verdicts = own.Select(r => r.Verdict).ToList();
            var notes = new List<string>();
            if (own.Count > 0)
                notes.Add($"{verdicts.Count(v => v == ClaimVerdict.Replicates)} replicate, {verdicts.Count(v => v == ClaimVerdict.Contradicted)} contradicted, " +
                    $"{verdicts.Count(v => v == ClaimVerdict.NotDetectable)} not detectable");
            if (missing.Count > 0) notes.Add($"not in this grid: {string.Join(", ", missing)}");
            if (own.Count == 0 && missing.Count == 0) notes.Add("no task of the claim's categories in this suite");
            summaries.Add(new Summary(claim, own.Count, ClaimVerdict.Combine(verdicts), string.Join("; ", notes)));
        }
        return (rows, summaries);
    }

    public static IReadOnlyList<ReportTable> Build(PaperContext context)
    {
        var m = context.Model;
        var (rows, summaries) = Evaluate(context);
        string level = Fmt.Level(m.Options.Level);
        var summary = new ReportTable(Name,
            $"Do the papers' headline claims replicate on {m.Name}? One verdict per claim from its comparisons below: contradicted if any comparison " +
            "is significant the wrong way, replicates if all agree significantly (or, for 'not better', show no significant gain), otherwise not " +
            $"detectable at this scale. Family: {PaperTables.Family(m)}.",
            ["Claim", "Source", "Statement", "Comparisons", "Verdict", "Note"],
            summaries.Select(s => new[] { s.Claim.Id, s.Claim.Source, s.Claim.Statement, Fmt.Int(s.Comparisons), s.Verdict, s.Note }).ToList(),
            [false, false, false, true, false, false]);
        var detail = new ReportTable(Name + "-comparisons",
            $"Comparisons behind each claim: Δ = a − b in the task's main score (seed means), {level} hierarchical bootstrap interval (seeds, then items), " +
            $"p adjusted by {PaperTables.Family(m)}; MDE = (z(1−α/2) + z(0.8)) × bootstrap SE, the difference detectable with 80 % power at unadjusted α.",
            ["Claim", "Comparison", "Designs", "Task", "Category", "Expected", "Δ", "CI low", "CI high", "p (adjusted)", "Test", "MDE", "Verdict"],
            rows.Select(r => new[] { r.Claim, r.Comparison, r.Designs, r.Task, r.Category, r.Expected, Fmt.Signed(r.Delta), Fmt.Signed(r.CiLow), Fmt.Signed(r.CiHigh),
                Fmt.P(r.PAdjusted), r.Test, Fmt.Num(r.Mde), r.Verdict }).ToList(),
            [false, false, false, false, false, false, true, true, true, true, false, true, false]);
        return [summary, detail];
    }
}

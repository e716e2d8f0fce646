namespace Ablation.Harness.Reporting;

/// <summary>The report's tables, formatted once from the model and shared by every rendering.</summary>
public static class ReportTables
{
    public static ReportTable Scores(ReportModel m) => new("scores",
        $"Main score per task and design: mean over seeds, {Fmt.Level(m.Options.Level)} hierarchical bootstrap interval (seeds, then items), SD across seeds, n items.",
        ["task", "category", "metric", "design", "seeds", "mean", "CI", "seed SD", "unit", "n"],
        m.Tasks.SelectMany(t => m.Designs.Select(d => m.Score(t.Name, d)).OfType<DesignScore>().Select(s => new[]
        {
            t.Name, t.Category, t.MainScore, s.Design, Fmt.Int(s.SeedValues.Length), Fmt.Num(s.Mean), Fmt.Plain(s.CiLow, s.CiHigh), Fmt.Num(s.SeedSd), t.Unit, Fmt.Int(s.N),
        })).ToList(),
        [false, false, false, false, true, true, true, true, false, true]);

    public static ReportTable Comparisons(ReportModel m) => new("comparisons",
        $"Paired comparisons a − b: difference of seed-mean main scores with its {Fmt.Level(m.Options.Level)} hierarchical bootstrap CI; " +
        $"p from the named test (unit, n items, seeds a/b); p adjusted over {m.Family}. † = significant after correction.",
        ["task", "metric", "a", "b", "Δ (a − b)", "CI", "test", "unit", "n", "seeds", "p", "p adj.", "effect size", "effect", "effect CI", "sig."],
        m.Comparisons.Select(c => new[]
        {
            c.Task, c.Metric, c.A, c.B, Fmt.Signed(c.MeanDiff), Fmt.Ci(c.CiLow, c.CiHigh), c.Test, c.Unit, Fmt.Int(c.N), $"{c.SeedsA}/{c.SeedsB}",
            Fmt.P(c.PValue), Fmt.P(c.PAdjusted), c.EffectName, Fmt.Signed(c.EffectValue, 3), Fmt.Ci(c.EffectLow, c.EffectHigh, 3), c.Significant ? "†" : "",
        }).ToList(),
        [false, false, false, false, true, true, false, false, true, true, true, true, false, true, true, false]);

    /// <summary>Paper A's table: baseline absolute, others Δ, `*` for Wilcoxon p &lt; 0.05 across the category's tasks.</summary>
    public static ReportTable PaperA(ReportModel m)
    {
        var cats = m.Categories;
        var rows = new List<string[]>();
        foreach (var design in m.Designs)
        {
            var row = new List<string> { design };
            bool any = false;
            foreach (var c in cats)
            {
                var r = c.Rows.FirstOrDefault(x => x.Design == design);
                if (r is null) { row.Add("–"); continue; }
                any = true;
                row.Add(r.IsBaseline ? Fmt.Num(r.Value) : Fmt.Signed(r.Value) + (r.Star ? "*" : ""));
            }
            if (any) rows.Add(row.ToArray());
        }
        return new ReportTable("paper-a",
            $"Paper A's view: {m.Baseline} absolute (mean main score over the category's tasks), others as Δ vs {m.Baseline}; * = Wilcoxon signed-rank p < 0.05 across the category's tasks (seed-mean scores, no correction).",
            ["design", .. cats.Select(c => $"{c.Category} ({c.Tasks.Count})")], rows, [false, .. cats.Select(_ => true)]);
    }

    /// <summary>Our verdict per category: tasks where the per-item, seed-aware comparison is significant after correction.</summary>
    public static ReportTable Verdict(ReportModel m)
    {
        var cats = m.Categories;
        var rows = new List<string[]>();
        foreach (var design in m.Designs.Where(d => d != m.Baseline))
        {
            var row = new List<string> { design };
            bool any = false;
            foreach (var c in cats)
            {
                var r = c.Rows.FirstOrDefault(x => x.Design == design);
                if (r is null) { row.Add("–"); continue; }
                any = true;
                row.Add($"↑{r.Better} ↓{r.Worse} of {r.Tasks}; Δ {Fmt.Signed(r.Value)} {Fmt.Ci(r.CiLow, r.CiHigh)}");
            }
            if (any) rows.Add(row.ToArray());
        }
        return new ReportTable("verdict",
            $"Our verdict vs {m.Baseline}: ↑/↓ = tasks where the design is significantly better/worse (per-item test, seeds averaged, {ReportBuilder.CorrectionName(m.Options.Correction)} over the whole family); " +
            $"Δ = mean difference across the category's tasks with a {Fmt.Level(m.Options.Level)} bootstrap interval over tasks.",
            ["design", .. cats.Select(c => c.Category)], rows, [false, .. cats.Select(_ => false)]);
    }

    public static ReportTable? Ranks(ReportModel m)
    {
        if (m.Ranks is not { } r) return null;
        return new ReportTable("ranks",
            $"Average rank across {r.Tasks} tasks (1 = best); Friedman χ² = {Fmt.Num(r.ChiSquare, 3)} ({Fmt.PEquals(r.PValue)}), Iman–Davenport F = {Fmt.Num(r.ImanDavenportF, 3)} ({Fmt.PEquals(r.ImanDavenportP)}); " +
            $"Nemenyi CD = {Fmt.Num(r.CriticalDifference, 3)} at α = {Fmt.Num(m.Options.Alpha, 2)}.",
            ["rank", "design", "average rank", "group"],
            r.Designs.Select((d, i) => new[]
            {
                Fmt.Int(i + 1), d, Fmt.Num(r.AverageRanks[i], 3),
                string.Join(" ", r.Cliques.Select((c, k) => c.Contains(i) ? ((char)('A' + k)).ToString() : "").Where(s => s.Length > 0)),
            }).ToList(),
            [true, false, true, false]);
    }

    public static ReportTable Power(ReportModel m) => new("power",
        $"Power per task at α = {Fmt.Num(m.Options.Alpha, 2)}: the smallest difference detectable with 80 % power for the task's n and observed variance (MDE), " +
        "and the seeds per design needed to detect the smallest observed difference from the pooled SD across seeds (two seed means, t-test power).",
        ["task", "unit", "n", "MDE (80 %)", "basis", "pooled seed SD", "smallest |Δ|", "seeds needed"],
        m.Power.Select(p => new[]
        {
            p.Task, p.Unit, Fmt.Int(p.N), Fmt.Num(p.Mde), p.Basis, Fmt.Num(p.SeedSd), Fmt.Num(p.SmallestDiff),
            p.SeedsNeeded is int s ? Fmt.Int(s) + (p.SeedsNote.Length > 0 ? $" ({p.SeedsNote})" : "") : p.SeedsNote,
        }).ToList(),
        [false, false, true, true, false, true, true, true]);

    public static ReportTable SeedVariance(ReportModel m) => new("seed-variance",
        "Seed variance beside the differences between designs: the pooled and the largest SD of a design's main score across its seeds, " +
        "the range of design means, and the largest |Δ| vs the baseline.",
        ["task", "pooled seed SD", "largest seed SD", "range of design means", "largest |Δ| vs baseline", "range / pooled SD"],
        m.Power.Select(p =>
        {
            var vsBase = m.Comparisons.Where(c => c.Task == p.Task && c.B == m.Baseline).Select(c => Math.Abs(c.MeanDiff)).DefaultIfEmpty(double.NaN).Max();
            return new[]
            {
                p.Task, Fmt.Num(p.SeedSd), Fmt.Num(p.MaxSeedSd), Fmt.Num(p.DesignRange), Fmt.Num(vsBase),
                p.SeedSd > 0 ? Fmt.Num(p.DesignRange / p.SeedSd, 1) : "–",
            };
        }).ToList(),
        [false, true, true, true, true, true]);

    public static ReportTable? Missing(ReportModel m)
    {
        var missing = m.MissingCells.ToList();
        if (missing.Count == 0) return null;
        return new ReportTable("missing-cells", $"{missing.Count} of {m.Cells.Count} cells are not done and are left out of every number in this report.",
            ["cell", "design", "seed", "state", "error"],
            missing.Select(c => new[] { c.Id, c.Design, c.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), c.State.ToString().ToLowerInvariant(), c.Error ?? "" }).ToList(),
            [false, false, true, false, false]);
    }

    /// <summary>Every table, in report order (absent ones skipped).</summary>
    public static IReadOnlyList<ReportTable> All(ReportModel m) =>
        new[] { Missing(m), Scores(m), Comparisons(m), PaperA(m), Verdict(m), Ranks(m), Power(m), SeedVariance(m) }.OfType<ReportTable>().ToList();
}

using Ablation.Stats;
using Ablation.Stats.MultipleComparisons;
using Ablation.Stats.PairedTests;
using Ablation.Stats.Power;
using Ablation.Stats.Ranks;
using Ablation.Stats.Resampling;
using MathNet.Numerics.Distributions;

namespace Ablation.Harness.Reporting;

/// <summary>
/// Computes the <see cref="ReportModel"/> of a results folder: loads every done cell's per-item scores, then runs
/// the paired comparisons (one shared-draw bootstrap per task, tasks in parallel, each with its own derived seed so the result does not depend on the order
/// or the number of threads), the correction over the family, the category tables, ranks and power.
/// </summary>
public static class ReportBuilder
{
    public const string TTestName = "paired t-test on seed-averaged per-item scores";
    public const string BootstrapTestName = "hierarchical paired bootstrap (seeds, then items)";

    public static ReportModel Build(string resultsPath, ReportOptions options, IProgress<(int Done, int Total)>? progress = null)
    {
        Validate(options);
        var folder = ResultsFolder.Open(resultsPath);
        string baseline = options.Baseline ?? folder.GridBaseline
            ?? throw new UserInputException($"{Path.Combine(folder.Path, "grid.json")}: no baseline design; pass --baseline DESIGN (one of {string.Join(", ", folder.Designs)})");
        if (!folder.Designs.Contains(baseline))
            throw new UserInputException($"--baseline: no design '{baseline}' in {folder.Path}; choose one of {string.Join(", ", folder.Designs)}");
        if (!folder.Done.Any())
            throw new UserInputException($"{folder.Path}: no cell is done yet ({folder.Cells.Count} cells, none has DONE); run the grid first");

        var notes = new List<string>();
        var data = LoadTasks(folder, notes);
        // One shared-draw bootstrap per task (every design's seeds and one item set per resample, see
        // SharedHierarchicalBootstrap), tasks in parallel; each task has its own derived seed, so the result does not
        // depend on the order or the number of threads.
        var results = new List<object>[data.Count];
        int done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        // Recomputed metrics (Spearman, AP, V-measure) cost several times a mean: they start first, so the threads
        // finish together instead of one waiting on a late expensive task. Results keep the task order.
        var order = Enumerable.Range(0, data.Count).OrderBy(i => data[i].Info.Decomposable ? 1 : 0).ToArray();
        Parallel.For(0, data.Count, parallel, k =>
        {
            int i = order[k];
            results[i] = TaskResults(data[i], folder.Designs, baseline, options);
            progress?.Report((Interlocked.Increment(ref done), data.Count));
        });
        var scores = results.SelectMany(r => r.OfType<DesignScore>()).ToList();
        var comparisons = results.SelectMany(r => r.OfType<Comparison>()).ToList();

        // The family: every comparison in the report.
        var adjusted = comparisons.Count == 0 ? null
            : PValueAdjustment.Adjust(comparisons.Select(c => c.PValue).ToArray(), options.Correction, options.Alpha);
        for (int i = 0; i < comparisons.Count; i++)
            comparisons[i] = comparisons[i] with { PAdjusted = adjusted!.Adjusted[i], Significant = adjusted.Reject[i] };
        string family = $"all {comparisons.Count} comparisons in this report ({(options.AllPairs ? "every pair of designs" : $"every design vs {baseline}")} on every task), " +
            $"{CorrectionName(options.Correction)} at α = {options.Alpha.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}";

        double minP = 1.0 / (options.Resamples + 1);
        if (comparisons.Any(c => c.Test == BootstrapTestName)
            && PValueAdjustment.Adjust(Enumerable.Repeat(minP, comparisons.Count).ToArray(), options.Correction, options.Alpha).Adjusted.Min() > options.Alpha)
            notes.Add($"Bootstrap p-values cannot go below 1/(B + 1) = {minP:0.000000}; over a family of {comparisons.Count} comparisons {CorrectionName(options.Correction)} cannot reject with them, " +
                $"so the bootstrap-tested tasks cannot show a significant difference. Raise --resamples to at least {(int)Math.Ceiling(comparisons.Count / options.Alpha)}.");

        var model = new ReportModel
        {
            Name = folder.Name, ResultsPath = folder.Path, Baseline = baseline, Designs = folder.Designs, Options = options,
            Tasks = data.Select(t => t.Info).ToList(), Cells = folder.Cells, Scores = scores, Comparisons = comparisons, Family = family,
            Categories = [], Ranks = null, Power = [], Notes = notes,
        };
        return model with
        {
            Categories = Categories(model, options),
            Ranks = Ranks(model, options, notes),
            Power = PowerRows(model, options),
        };
    }

    private static void Validate(ReportOptions o)
    {
        if (!(o.Alpha > 0 && o.Alpha < 1)) throw new UserInputException($"--alpha must lie strictly between 0 and 1; got {o.Alpha}");
        if (!(o.Level > 0 && o.Level < 1)) throw new UserInputException($"--level must lie strictly between 0 and 1; got {o.Level}");
        if (o.Resamples < 100) throw new UserInputException($"--resamples must be at least 100; got {o.Resamples}");
        if (o.ScoreResamples < 100) throw new UserInputException($"--score-resamples must be at least 100; got {o.ScoreResamples}");
    }

    public static string CorrectionName(AdjustmentMethod method) => method switch
    {
        AdjustmentMethod.Holm => "Holm",
        AdjustmentMethod.Bonferroni => "Bonferroni",
        AdjustmentMethod.Hochberg => "Hochberg",
        AdjustmentMethod.HolmSidak => "Holm–Šidák",
        AdjustmentMethod.BenjaminiHochberg => "Benjamini–Hochberg (FDR)",
        AdjustmentMethod.BenjaminiYekutieli => "Benjamini–Yekutieli (FDR)",
        _ => method.ToName(),
    };

    /// <summary>(a, b) pairs: each design vs the baseline, or every pair (a listed before b, the baseline always as b).</summary>
    public static IEnumerable<(string A, string B)> Pairs(IReadOnlyList<string> designs, string baseline, bool allPairs)
    {
        foreach (var d in designs) if (d != baseline && designs.Contains(baseline)) yield return (d, baseline);
        if (!allPairs) yield break;
        var others = designs.Where(d => d != baseline).ToList();
        for (int i = 0; i < others.Count; i++)
            for (int j = i + 1; j < others.Count; j++) yield return (others[j], others[i]);
    }

    private sealed record TaskData(TaskInfo Info, int N, IReadOnlyDictionary<string, List<(GridCell Cell, CellMetric Metric)>> Metrics);

    private sealed record Job(TaskData Task, string A, string? B, List<(GridCell Cell, CellMetric Metric)> SeedsA, List<(GridCell Cell, CellMetric Metric)>? SeedsB);

    private static List<TaskData> LoadTasks(ResultsFolder folder, List<string> notes)
    {
        var result = new List<TaskData>();
        foreach (var task in folder.Tasks)
        {
            if (!CellMetric.Supports(task))
            {
                notes.Add($"Task {task.Name}: its main score {task.MainScore} ({task.Type}) cannot be recomputed from the per-item scores file, so it has no paired test and is left out of the report.");
                continue;
            }
            var cells = folder.Done.Where(c => folder.CellMainScores[c.Id].ContainsKey(task.Name)).ToList();
            var tables = new ItemTable[cells.Count];
            Parallel.For(0, cells.Count, i => tables[i] = ItemTable.Read(Path.Combine(cells[i].Folder, task.ScoresFile)));
            // Pair on the items every cell scored, in the order of the first file.
            var shared = new HashSet<string>(tables[0].Ids);
            foreach (var t in tables.Skip(1)) shared.IntersectWith(t.Ids);
            var ids = tables[0].Ids.Where(shared.Contains).ToList();
            int dropped = tables.Max(t => t.Ids.Count) - ids.Count;
            if (dropped > 0) notes.Add($"Task {task.Name}: the cells scored different items; {ids.Count} items shared by every cell are compared ({dropped} left out).");
            if (ids.Count < 2) { notes.Add($"Task {task.Name}: fewer than 2 items shared by all cells; left out."); continue; }
            var metrics = new Dictionary<string, List<(GridCell, CellMetric)>>();
            for (int i = 0; i < cells.Count; i++)
            {
                var rows = ids.Select(id => tables[i].RowOf[id]).ToList();
                var metric = CellMetric.Create(task, tables[i], rows);
                if (!metrics.TryGetValue(cells[i].Design, out var list)) metrics[cells[i].Design] = list = [];
                list.Add((cells[i], metric));
            }
            foreach (var list in metrics.Values) list.Sort((x, y) => x.Item1.Seed.CompareTo(y.Item1.Seed));
            result.Add(new TaskData(task, ids.Count, metrics));
        }
        return result;
    }

    /// <summary>The bootstrap seed of one job, derived from the report seed and the job's names (FNV-1a, then splitmix64).</summary>
    public static ulong DerivedSeed(ulong seed, string task, string a, string? b)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in $"{task}\u0000{a}\u0000{b}") { h ^= ch; h *= 1099511628211UL; }
        ulong z = seed ^ h;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The seed of a task's shared draws, derived from the report seed and the task's name.</summary>
    public static ulong TaskSeed(ulong seed, string task) => DerivedSeed(seed, task, "", null);

    /// <summary>
    /// The shared-draw bootstrap of one task: groups are the designs present on the task, in the grid's design
    /// order, each with its seeds in seed order.
    /// </summary>
    public static SharedHierarchicalBootstrap TaskBootstrap(IReadOnlyList<IReadOnlyList<IResampleStatistic>> groups, string task, ReportOptions o) =>
        SharedHierarchicalBootstrap.Draw(groups, new BootstrapOptions { Resamples = o.Resamples, Level = o.Level, Seed = TaskSeed(o.Seed, task), ComputeBCa = false });

    /// <summary>A task's design scores (designs in order), then its comparisons (in <see cref="Pairs"/> order).</summary>
    private static List<object> TaskResults(TaskData task, IReadOnlyList<string> designs, string baseline, ReportOptions o)
    {
        var present = designs.Where(task.Metrics.ContainsKey).ToList();
        var groups = present.Select(d => (IReadOnlyList<IResampleStatistic>)task.Metrics[d].Select(s => s.Metric.NewStatistic()).ToArray()).ToList();
        var boot = TaskBootstrap(groups, task.Info.Name, o);
        var list = new List<object>();
        for (int g = 0; g < present.Count; g++)
            list.Add(ScoreOf(new Job(task, present[g], null, task.Metrics[present[g]], null), boot.Score(g, Math.Min(o.Resamples, o.ScoreResamples))));
        foreach (var (a, b) in Pairs(present, baseline, o.AllPairs))
            list.Add(Compare(new Job(task, a, b, task.Metrics[a], task.Metrics[b]), boot.Compare(present.IndexOf(a), present.IndexOf(b)), o));
        return list;
    }

    private static DesignScore ScoreOf(Job job, BootstrapResult boot)
    {
        var values = job.SeedsA.Select(s => s.Metric.Value).ToArray();
        double sd = values.Length >= 2 ? Summary.StandardDeviation(values) : double.NaN;
        return new DesignScore(job.Task.Info.Name, job.A, job.Task.N, values, Summary.Mean(values), boot.Percentile.Low, boot.Percentile.High, sd);
    }

    private static Comparison Compare(Job job, BootstrapResult boot, ReportOptions o)
    {
        var info = job.Task.Info;
        string test; double p; string effectName; double effect, effectLow, effectHigh, sdDiff = double.NaN;
        if (info.Decomposable)
        {
            var a = SeedAverage(job.SeedsA);
            var b = SeedAverage(job.SeedsB!);
            var t = PairedTTest.Test(a, b);
            test = TTestName;
            p = double.IsNaN(t.PValue) ? 1.0 : t.PValue;   // identical per-item scores: no evidence of a difference
            var d = Differences.Of(a, b);
            double mean = Summary.Mean(d);
            sdDiff = Summary.StandardDeviation(d, mean);
            effectName = "Cohen's d_z";
            effect = sdDiff == 0 ? (mean == 0 ? 0 : Math.Sign(mean) * double.PositiveInfinity) : mean / sdDiff;
            // Large-sample standard error of d_z: sqrt(1/n + d_z²/(2n)).
            double se = Math.Sqrt(1.0 / d.Length + effect * effect / (2.0 * d.Length));
            double z = Normal.InvCDF(0, 1, (1 + o.Level) / 2);
            (effectLow, effectHigh) = (effect - z * se, effect + z * se);
        }
        else
        {
            test = BootstrapTestName;
            p = boot.PValue;
            double baseValue = job.SeedsB!.Average(s => s.Metric.Value);
            effectName = "relative difference (Δ / b)";
            effect = boot.Estimate / Math.Abs(baseValue);
            effectLow = boot.Percentile.Low / Math.Abs(baseValue);
            effectHigh = boot.Percentile.High / Math.Abs(baseValue);
        }
        return new Comparison
        {
            Task = info.Name, Category = info.Category, Metric = info.MainScore, A = job.A, B = job.B!, Unit = info.Unit, N = job.Task.N,
            SeedsA = job.SeedsA.Count, SeedsB = job.SeedsB!.Count, MeanDiff = boot.Estimate, CiLow = boot.Percentile.Low, CiHigh = boot.Percentile.High,
            StandardError = boot.StandardError, Test = test, PValue = p, EffectName = effectName, EffectValue = effect, EffectLow = effectLow,
            EffectHigh = effectHigh, SdOfDifferences = sdDiff,
        };
    }

    /// <summary>Per-item scores averaged over a design's seeds.</summary>
    public static double[] SeedAverage(IReadOnlyList<(GridCell Cell, CellMetric Metric)> seeds)
    {
        var result = new double[seeds[0].Metric.PerItem!.Length];
        foreach (var (_, metric) in seeds)
            for (int i = 0; i < result.Length; i++) result[i] += metric.PerItem![i];
        for (int i = 0; i < result.Length; i++) result[i] /= seeds.Count;
        return result;
    }

    private static List<CategorySummary> Categories(ReportModel m, ReportOptions o)
    {
        var list = new List<CategorySummary>();
        foreach (var group in m.Tasks.GroupBy(t => t.Category).OrderBy(g => ReportCategories.Rank(g.Key)).ThenBy(g => g.Key))
        {
            var taskNames = group.Select(t => t.Name).ToList();
            int n = taskNames.Count;
            double minP = 2.0 / Math.Pow(2, n);
            string? warning = minP >= 0.05
                ? $"only {n} task{(n == 1 ? "" : "s")}: the across-task Wilcoxon test cannot reach p < 0.05 here (smallest attainable two-sided p = 2/2^{n} = {minP:0.0000}), so a missing `*` says nothing."
                : null;
            var rows = new List<CategoryRow>();
            var baseScores = taskNames.Select(t => m.Score(t, m.Baseline)).ToList();
            var baseTasks = taskNames.Where((t, i) => baseScores[i] is not null).ToList();
            rows.Add(new CategoryRow(m.Baseline, true, baseTasks.Count, baseTasks.Count == 0 ? double.NaN : baseTasks.Average(t => m.Score(t, m.Baseline)!.Mean),
                null, false, 0, 0, double.NaN, double.NaN));
            foreach (var design in m.Designs.Where(d => d != m.Baseline))
            {
                var both = taskNames.Where(t => m.Score(t, design) is not null && m.Score(t, m.Baseline) is not null).ToList();
                if (both.Count == 0) continue;
                var a = both.Select(t => m.Score(t, design)!.Mean).ToArray();
                var b = both.Select(t => m.Score(t, m.Baseline)!.Mean).ToArray();
                double delta = Summary.Mean(Differences.Of(a, b));
                // Rounded like the ranks: an equal score summed in another order is a zero difference, not a tiny one.
                var ra = a.Select(RankKey).ToArray();
                var rb = b.Select(RankKey).ToArray();
                double? wp = ra.Zip(rb).All(x => x.First == x.Second) ? 1.0 : WilcoxonSignedRank.Test(ra, rb).PValue;
                var own = m.Comparisons.Where(c => c.A == design && c.B == m.Baseline && both.Contains(c.Task)).ToList();
                double low = double.NaN, high = double.NaN;
                if (both.Count >= 2)
                {
                    var boot = PairedBootstrap.MeanDifference(a, b, new BootstrapOptions
                    { Resamples = o.Resamples, Level = o.Level, Seed = DerivedSeed(o.Seed, "category:" + group.Key, design, m.Baseline), ComputeBCa = false });
                    (low, high) = (boot.Percentile.Low, boot.Percentile.High);
                }
                rows.Add(new CategoryRow(design, false, both.Count, delta, wp, wp < 0.05,
                    own.Count(c => c.Significant && c.MeanDiff > 0), own.Count(c => c.Significant && c.MeanDiff < 0), low, high));
            }
            list.Add(new CategorySummary(group.Key, taskNames, minP, warning, rows));
        }
        return list;
    }

    private static RankSummary? Ranks(ReportModel m, ReportOptions o, List<string> notes)
    {
        var designs = m.Designs.Where(d => m.Scores.Any(s => s.Design == d)).ToArray();
        var tasks = m.Tasks.Where(t => designs.All(d => m.Score(t.Name, d) is not null)).Select(t => t.Name).ToList();
        if (designs.Length < 3 || tasks.Count < 2)
        {
            notes.Add($"Ranks across tasks: the Friedman test needs at least 3 designs and 2 tasks finished by every design; have {designs.Length} designs and {tasks.Count} tasks.");
            return null;
        }
        // Equal scores computed in different summation orders (e.g. two designs with the same accuracy) differ in the
        // last bits; rounding makes them the ties they are before ranking.
        var rows = tasks.Select(t => designs.Select(d => RankKey(m.Score(t, d)!.Mean)).ToArray()).ToList();
        try
        {
            var cd = CriticalDifferenceDiagram.FromNemenyi(designs, rows, o.Alpha);
            return new RankSummary(cd.Models, cd.AverageRanks, cd.CriticalDifference!.Value, cd.Friedman.ChiSquare, cd.Friedman.PValue,
                cd.Friedman.ImanDavenportF, cd.Friedman.ImanDavenportPValue, tasks.Count, cd.Cliques);
        }
        catch (ArgumentException e)
        {
            notes.Add($"Ranks across tasks: not computed ({e.Message}).");
            return null;
        }
    }

    /// <summary>A score rounded to 10 decimals for ranking across designs.</summary>
    public static double RankKey(double score) => Math.Round(score, 10);

    private static List<PowerRow> PowerRows(ReportModel m, ReportOptions o)
    {
        var rows = new List<PowerRow>();
        double zSum = Normal.InvCDF(0, 1, 1 - o.Alpha / 2) + Normal.InvCDF(0, 1, 0.8);
        foreach (var task in m.Tasks)
        {
            var comps = m.Comparisons.Where(c => c.Task == task.Name).ToList();
            var scores = m.Scores.Where(s => s.Task == task.Name).ToList();
            if (scores.Count == 0) continue;
            int n = scores[0].N;
            double mde; string basis;
            if (comps.Count == 0) { mde = double.NaN; basis = "no comparison"; }
            else if (task.Decomposable)
            {
                double sd = Median(comps.Select(c => c.SdOfDifferences).ToArray());
                mde = sd == 0 ? 0 : PairedPower.MinimumDetectableDifference(sd, n, o.Alpha, 0.8);
                basis = $"paired t-test, SD of per-item differences {sd:0.0000} (median over comparisons)";
            }
            else
            {
                double se = Median(comps.Select(c => c.StandardError).ToArray());
                mde = zSum * se;
                basis = $"normal approximation, bootstrap SE {se:0.0000} (median over comparisons)";
            }
            // Pooled within-design SD across seeds.
            double ss = 0; int df = 0;
            foreach (var s in scores.Where(s => s.SeedValues.Length >= 2))
            {
                double mean = s.SeedValues.Average();
                ss += s.SeedValues.Sum(v => (v - mean) * (v - mean));
                df += s.SeedValues.Length - 1;
            }
            double seedSd = df > 0 ? Math.Sqrt(ss / df) : double.NaN;
            var nonzero = comps.Select(c => Math.Abs(c.MeanDiff)).Where(d => d > 0).ToList();
            double smallest = nonzero.Count > 0 ? nonzero.Min() : double.NaN;
            int? seeds = null; string note;
            if (double.IsNaN(seedSd)) note = "needs ≥ 2 seeds of a design";
            else if (double.IsNaN(smallest)) note = "no non-zero difference";
            else if (seedSd == 0) { seeds = 2; note = "no spread across seeds"; }
            else
            {
                try
                {
                    // Difference of two seed means: SD √2·σ_seed; t-test power on that, per design.
                    seeds = Math.Max(2, PairedPower.SampleSize(smallest / (Math.Sqrt(2) * seedSd), o.Alpha, 0.8, max: 100_000));
                    note = "";
                }
                catch (ArgumentException) { note = "more than 100,000"; }
            }
            double maxSd = scores.Where(s => !double.IsNaN(s.SeedSd)).Select(s => s.SeedSd).DefaultIfEmpty(double.NaN).Max();
            double range = scores.Max(s => s.Mean) - scores.Min(s => s.Mean);
            rows.Add(new PowerRow(task.Name, task.Unit, n, basis, mde, seedSd, smallest, seeds, note, maxSd, range));
        }
        return rows;
    }

    private static double Median(double[] values)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}

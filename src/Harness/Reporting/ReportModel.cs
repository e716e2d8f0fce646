namespace Ablation.Harness.Reporting;

/// <summary>
/// Everything the report says, computed once from a results folder (<see cref="ReportBuilder"/>) and then rendered
/// to Markdown, HTML, LaTeX, CSV, JSON and figures without further statistics.
/// </summary>
public sealed record ReportModel
{
    public required string Name { get; init; }
    public required string ResultsPath { get; init; }
    public required string Baseline { get; init; }
    public required IReadOnlyList<string> Designs { get; init; }
    public required ReportOptions Options { get; init; }
    public required IReadOnlyList<TaskInfo> Tasks { get; init; }
    public required IReadOnlyList<GridCell> Cells { get; init; }
    public IEnumerable<GridCell> MissingCells => Cells.Where(c => c.State != CellState.Done);

    /// <summary>Per task and design: the main score over seeds with its interval.</summary>
    public required IReadOnlyList<DesignScore> Scores { get; init; }

    /// <summary>Every paired comparison in the family, in report order (task, then design).</summary>
    public required IReadOnlyList<Comparison> Comparisons { get; init; }

    /// <summary>In words: which comparisons the correction runs over.</summary>
    public required string Family { get; init; }

    public required IReadOnlyList<CategorySummary> Categories { get; init; }
    public required RankSummary? Ranks { get; init; }
    public required IReadOnlyList<PowerRow> Power { get; init; }

    /// <summary>Plain-language warnings (missing data, unsupported metrics, Monte Carlo limits).</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    public DesignScore? Score(string task, string design) => Scores.FirstOrDefault(s => s.Task == task && s.Design == design);
}

/// <summary>A design's main score on a task: the mean over its seeds, the hierarchical-bootstrap interval (seeds, then items), the spread across seeds.</summary>
public sealed record DesignScore(string Task, string Design, int N, double[] SeedValues, double Mean, double CiLow, double CiHigh, double SeedSd);

/// <summary>
/// One paired comparison a − b on a task: the difference of seed-mean main scores with its hierarchical bootstrap
/// interval, the test that fits the metric (named, with its unit and n), the adjusted p-value and an effect size.
/// </summary>
public sealed record Comparison
{
    public required string Task { get; init; }
    public required string Category { get; init; }
    public required string Metric { get; init; }
    public required string A { get; init; }
    public required string B { get; init; }
    public required string Unit { get; init; }
    public required int N { get; init; }
    public required int SeedsA { get; init; }
    public required int SeedsB { get; init; }
    public required double MeanDiff { get; init; }
    public required double CiLow { get; init; }
    public required double CiHigh { get; init; }
    /// <summary>Standard deviation of the hierarchical bootstrap replicates.</summary>
    public required double StandardError { get; init; }
    public required string Test { get; init; }
    public required double PValue { get; init; }
    public double PAdjusted { get; init; } = double.NaN;
    public bool Significant { get; init; }
    public required string EffectName { get; init; }
    public required double EffectValue { get; init; }
    public required double EffectLow { get; init; }
    public required double EffectHigh { get; init; }
    /// <summary>SD of the per-item differences of seed-averaged scores (decomposable metrics; NaN otherwise).</summary>
    public required double SdOfDifferences { get; init; }
}

/// <summary>Paper A's view of one category beside ours.</summary>
public sealed record CategorySummary(string Category, IReadOnlyList<string> Tasks, double MinAttainableP, string? Warning, IReadOnlyList<CategoryRow> Rows);

/// <summary>
/// One design in a category: baseline absolute (mean over tasks) or Δ vs the baseline; the across-task Wilcoxon
/// (paper A's `*`); and our verdict from the per-item, seed-aware comparisons after correction, with a bootstrap
/// interval of the mean difference across tasks.
/// </summary>
public sealed record CategoryRow(string Design, bool IsBaseline, int Tasks, double Value, double? WilcoxonP, bool Star,
    int Better, int Worse, double CiLow, double CiHigh);

/// <summary>Friedman test and Nemenyi critical difference over the tasks every design finished.</summary>
public sealed record RankSummary(IReadOnlyList<string> Designs, IReadOnlyList<double> AverageRanks, double CriticalDifference,
    double ChiSquare, double PValue, double ImanDavenportF, double ImanDavenportP, int Tasks, IReadOnlyList<int[]> Cliques);

/// <summary>
/// Power of one task: the minimum difference detectable at 80 % power with its n and the observed variance, and
/// the seeds per design needed to detect the smallest observed difference from the spread across seeds.
/// </summary>
public sealed record PowerRow(string Task, string Unit, int N, string Basis, double Mde, double SeedSd, double SmallestDiff, int? SeedsNeeded, string SeedsNote,
    double MaxSeedSd, double DesignRange);

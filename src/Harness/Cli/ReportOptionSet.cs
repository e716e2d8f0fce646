using System.CommandLine;
using Ablation.Harness.Reporting;
using Ablation.Stats.MultipleComparisons;
using Ablation.Harness.IO;

namespace Ablation.Harness.Cli;

/// <summary>The options <c>ablation report</c> and <c>ablation figures</c> share (both compute the same report model).</summary>
internal sealed class ReportOptionSet
{
    public readonly Argument<string> Results = new("results-dir") { Description = "A grid's results folder (holds grid.json and cells/)." };
    public readonly Option<string?> Baseline = new("--baseline") { Description = "Design every other design is compared with (default: the grid's baseline)." };
    public readonly Option<bool> AllPairs = new("--all-pairs") { Description = "Compare every pair of designs, not only each with the baseline." };
    public readonly ChoiceOption<AdjustmentMethod> Correction = new("--correction", "Multiple-comparison correction over the report's family.", CliChoices.Correction, AdjustmentMethod.Holm);
    public readonly Option<double> Alpha = new("--alpha") { Description = "Significance level (family-wise error rate, or FDR for bh/by).", DefaultValueFactory = _ => 0.05 };
    public readonly Option<int> Resamples = new("--resamples") { Description = "Bootstrap resamples per comparison.", DefaultValueFactory = _ => 9999 };
    public readonly Option<int> ScoreResamples = new("--score-resamples") { Description = "Bootstrap resamples for each design's score interval (capped at --resamples).", DefaultValueFactory = _ => 2000 };
    public readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the resampling (each comparison derives its own from it).", DefaultValueFactory = _ => 0UL };
    public readonly Option<double> Level = new("--level") { Description = "Confidence level of the intervals.", DefaultValueFactory = _ => 0.95 };
    public readonly Option<int> Threads = new("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Results);
        foreach (var option in new Option[] { Baseline, AllPairs, Correction, Alpha, Resamples, ScoreResamples, Seed, Level, Threads }) command.Options.Add(option);
    }

    public ReportOptions Bind(ParseResult parse)
    {
        var correction = Correction.Get(parse);
        int threads = parse.GetValue(Threads);
        if (threads < 0) throw new UserInputException($"--threads must be 0 (all cores) or positive; got {threads}");
        return new ReportOptions
        {
            Baseline = parse.GetValue(Baseline), AllPairs = parse.GetValue(AllPairs), Correction = correction, Alpha = parse.GetValue(Alpha),
            Resamples = parse.GetValue(Resamples), ScoreResamples = parse.GetValue(ScoreResamples), Seed = parse.GetValue(Seed), Level = parse.GetValue(Level), Threads = threads,
        };
    }

    /// <summary>Builds the model under a progress bar when writing to an interactive terminal, quietly otherwise.</summary>
    public static ReportModel BuildWithProgress(TextWriter output, string results, ReportOptions options)
    {
        if (!ConsoleProgress.IsInteractive(output)) return ReportBuilder.Build(results, options);
        return ConsoleProgress.Run(output, "bootstrap", 1, progress =>
            ReportBuilder.Build(results, options, new Progress<(int Done, int Total)>(p => { progress.SetTotal(p.Total); progress.Set(p.Done); })));
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ablation.Harness.IO;
using Ablation.Stats;
using Ablation.Stats.PairedTests;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation compare A.csv B.csv</c>: pairs two per-item score files by id and prints every applicable paired
/// test, effect sizes and a bootstrap interval of the mean difference A − B (a table, or JSON with --json).
/// </summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var fileA = new Argument<string>("A.csv") { Description = "Scores of model A: CSV with header id,score." };
        var fileB = new Argument<string>("B.csv") { Description = "Scores of model B on the same ids." };
        var tests = new ChoiceListOption<PairedTestKind>("--tests", "Paired tests to run.", CliChoices.PairedTests, PairedTestKind.All);
        var alternative = new ChoiceOption<Alternative>("--alternative", "Alternative hypothesis about A − B (greater: A > B).", CliChoices.Alternative, Alternative.TwoSided);
        var zeroMethod = new ChoiceOption<ZeroMethod>("--zero-method", "Wilcoxon handling of zero differences (scipy's zero_method).", CliChoices.ZeroMethod, ZeroMethod.Wilcox);
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap / Monte Carlo permutation resamples.", DefaultValueFactory = _ => 9999 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the resampling generator.", DefaultValueFactory = _ => 0UL };
        var level = new Option<double>("--level") { Description = "Confidence level of the interval.", DefaultValueFactory = _ => 0.95 };
        var column = new Option<string>("--column") { Description = "Score column to compare (e.g. ndcg@10 in an 'ablation eval' scores/<task>.csv).", DefaultValueFactory = _ => "score" };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };

        var command = new Command("compare", "Compare two models' per-item scores with paired tests, effect sizes and a bootstrap CI.")
        {
            fileA, fileB, tests, alternative, zeroMethod, resamples, seed, level, column, json,
        };
        command.SetAction(parse =>
        {
            var options = new PairedComparisonOptions
            {
                Tests = tests.Get(parse).Aggregate(PairedTestKind.None, (all, kind) => all | kind),
                Alternative = alternative.Get(parse),
                ZeroMethod = zeroMethod.Get(parse),
                Resamples = parse.GetValue(resamples) is var r && r is >= 2 and <= MaxResamples ? r
                    : throw new UserInputException($"--resamples must be between 2 and {MaxResamples:N0} (each resample keeps one statistic in memory); got {r}"),
                Seed = parse.GetValue(seed),
                Level = parse.GetValue(level) is var l && l > 0 && l < 1 ? l : throw new UserInputException($"--level must lie strictly between 0 and 1; got {l}"),
            };
            var a = ScoreFile.Read(parse.GetValue(fileA)!, parse.GetValue(column)!);
            var b = ScoreFile.Read(parse.GetValue(fileB)!, parse.GetValue(column)!);
            var (ids, scoresA, scoresB) = ScoreFile.Pair(a, b);
            if (scoresA.Length < 2) throw new UserInputException($"only {scoresA.Length} shared id; a paired comparison needs at least 2");
            CheckRepresentable(a, b, ids, scoresA, scoresB);
            var result = PairedComparison.Compare(scoresA, scoresB, options);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) WriteJson(output, result);
            else WriteTable(output, a.Path, b.Path, result, options);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Upper bound of --resamples: 10 million statistics are 80 MB; beyond that the run would exhaust memory, not add precision.</summary>
    public const int MaxResamples = 10_000_000;

    /// <summary>
    /// The tests square and sum differences in double precision. Scores so large that a difference, or the sum of
    /// n squared differences, overflows would give t = 0, p = 1 without a word; they are refused, naming the item.
    /// </summary>
    internal static void CheckRepresentable(ScoreFile a, ScoreFile b, string[] ids, double[] scoresA, double[] scoresB)
    {
        double limit = Math.Sqrt(double.MaxValue / (4.0 * scoresA.Length));
        for (int i = 0; i < ids.Length; i++)
        {
            double difference = scoresA[i] - scoresB[i];
            if (!double.IsFinite(difference) || Math.Abs(scoresA[i]) > limit || Math.Abs(scoresB[i]) > limit)
                throw new UserInputException(
                    $"id '{ids[i]}': scores {scoresA[i].ToString("R", CultureInfo.InvariantCulture)} ({a.Path}) and {scoresB[i].ToString("R", CultureInfo.InvariantCulture)} ({b.Path}) " +
                    $"are too large to square and sum over {ids.Length} items without overflow (limit ±{limit:0.#E+0}); rescale both files (e.g. divide by a power of ten)");
        }
    }

    private static void WriteJson(TextWriter output, PairedComparisonResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("n", r.N);
            Number(w, "mean_a", r.MeanA);
            Number(w, "mean_b", r.MeanB);
            Number(w, "mean_diff", r.MeanDifference);
            w.WriteStartObject("ci");
            Number(w, "low", r.Interval.Low);
            Number(w, "high", r.Interval.High);
            Number(w, "level", r.Interval.Level);
            w.WriteString("method", r.Interval.Method);
            w.WriteEndObject();
            w.WriteStartObject("tests");
            foreach (var (name, test) in r.Tests)
            {
                w.WriteStartObject(name);
                Number(w, "statistic", test.Statistic);
                Number(w, "p_value", test.PValue);
                w.WriteString("method", test.Method);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("effect");
            Number(w, "cohens_dz", r.Effects.CohensDz);
            Number(w, "hedges_gav", r.Effects.HedgesGav);
            Number(w, "rank_biserial", r.Effects.RankBiserial);
            Number(w, "cliffs_delta", r.Effects.CliffsDelta);
            w.WriteNumber("wins", r.Effects.WinTieLoss.Wins);
            w.WriteNumber("ties", r.Effects.WinTieLoss.Ties);
            w.WriteNumber("losses", r.Effects.WinTieLoss.Losses);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void Number(Utf8JsonWriter w, string name, double value) => JsonNumber.Write(w, name, value);

    private static void WriteTable(TextWriter output, string pathA, string pathB, PairedComparisonResult r, PairedComparisonOptions options)
    {
        static string F(double v) => double.IsFinite(v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : "n/a";
        static string P(double p) => p < 1e-4 ? p.ToString("0.00E+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);
        output.WriteLine($"A = {pathA}   B = {pathB}   n = {r.N} paired items");
        output.WriteLine($"mean A = {F(r.MeanA)}   mean B = {F(r.MeanB)}   mean difference A − B = {F(r.MeanDifference)}");
        output.WriteLine($"{r.Interval.Level * 100:0.##}% {r.Interval.Method} bootstrap CI of the difference: [{F(r.Interval.Low)}, {F(r.Interval.High)}]  ({options.Resamples} resamples, seed {options.Seed})");
        output.WriteLine();
        output.WriteLine($"{"test",-12} {"statistic",14} {"p-value",10}  method ({options.Alternative.ToScipyName()})");
        foreach (var (name, test) in r.Tests)
            output.WriteLine($"{name,-12} {F(test.Statistic),14} {P(test.PValue),10}  {test.Method}");
        output.WriteLine();
        var e = r.Effects;
        output.WriteLine($"effect sizes: Cohen's d_z = {F(e.CohensDz)}   Hedges' g_av = {F(e.HedgesGav)}   rank-biserial = {F(e.RankBiserial)}   Cliff's delta = {F(e.CliffsDelta)}");
        output.WriteLine($"wins / ties / losses of A: {e.WinTieLoss.Wins} / {e.WinTieLoss.Ties} / {e.WinTieLoss.Losses}");
    }
}

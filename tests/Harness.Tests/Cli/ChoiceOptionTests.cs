using System.CommandLine;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ablation.Harness.Cli;
using Ablation.Harness.IO.Settings;
using Ablation.Harness.Reporting.Paper;
using Ablation.Harness.Training.Spec;
using Ablation.Models.Pooling;
using Ablation.Stats;
using Ablation.Stats.MultipleComparisons;
using Ablation.Stats.PairedTests;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Cli;

/// <summary>
/// Closed-set command-line options (<see cref="ChoiceOption{T}"/>): a misspelt value is a parse error with exit 2 and
/// one line (did-you-mean and the allowed names); valid names and the documented aliases parse to their members;
/// help and errors list exactly the names of the set's source, so a new enum member cannot be missing from either.
/// </summary>
public class ChoiceOptionTests
{
    private const string Corrections = "bonferroni, holm, hochberg, holm-sidak, bh, by";
    private const string Poolings = "eos_last, mean, last_layer_trainable, multi_layer_trainable, latent_attention";
    private const string Papers = "a-table2, a-table3, a-table4, a-fig1, a-fig2, b-ablation, b-convergence, claims, all";

    // The option's command line (nothing on it but the bad value would fail at parse time) and the exact stderr line.
    public static TheoryData<string[], string> Misspelt => new()
    {
        { ["adjust", "0.01", "--method", "hom"], $"--method: unknown value 'hom'; did you mean 'holm'? allowed: {Corrections} (see 'ablation adjust --help')" },
        { ["adjust", "0.01", "--method", "sidak2"], $"--method: unknown value 'sidak2'; allowed: {Corrections} (see 'ablation adjust --help')" },
        { ["report", "results/none", "--correction", "bonferoni"], $"--correction: unknown value 'bonferoni'; did you mean 'bonferroni'? allowed: {Corrections} (see 'ablation report --help')" },
        { ["figures", "results/none", "--correction", "holmsidak"], $"--correction: unknown value 'holmsidak'; did you mean 'holm-sidak'? allowed: {Corrections} (see 'ablation figures --help')" },
        { ["compare", "a.csv", "b.csv", "--alternative", "two-side"], "--alternative: unknown value 'two-side'; did you mean 'two-sided'? allowed: two-sided, greater, less (see 'ablation compare --help')" },
        { ["compare", "a.csv", "b.csv", "--zero-method", "zplit"], "--zero-method: unknown value 'zplit'; did you mean 'zsplit'? allowed: wilcox, pratt, zsplit (see 'ablation compare --help')" },
        { ["compare", "a.csv", "b.csv", "--tests", "t,wilcoxn"], "--tests: unknown value 'wilcoxn'; did you mean 'wilcoxon'? allowed: t, wilcoxon, sign, permutation, bootstrap, all (see 'ablation compare --help')" },
        { ["embed", "--model", "m", "--input", "in.txt", "--out", "e.npy", "--attention", "bidirectonal"], "--attention: unknown value 'bidirectonal'; did you mean 'bidirectional'? allowed: causal, bidirectional (see 'ablation embed --help')" },
        { ["embed", "--model", "m", "--input", "in.txt", "--out", "e.npy", "--pooling", "eos-last"], $"--pooling: unknown value 'eos-last'; did you mean 'eos_last'? allowed: {Poolings} (see 'ablation embed --help')" },
        { ["eval", "--model", "m", "--attention", "casual"], "--attention: unknown value 'casual'; did you mean 'causal'? allowed: causal, bidirectional (see 'ablation eval --help')" },
        { ["eval", "--model", "m", "--pooling", "latent-attention"], $"--pooling: unknown value 'latent-attention'; did you mean 'latent_attention'? allowed: {Poolings} (see 'ablation eval --help')" },
        { ["run", "grid.json", "--executor", "slrum"], "--executor: unknown value 'slrum'; did you mean 'slurm'? allowed: local, slurm (see 'ablation run --help')" },
        { ["figures", "results/none", "--paper", "a-table9"], $"--paper: unknown value 'a-table9'; did you mean 'a-table2'? allowed: {Papers} (see 'ablation figures --help')" },
    };

    [Theory]
    [MemberData(nameof(Misspelt))]
    public void A_misspelt_value_exits_2_with_one_line_naming_the_option_a_suggestion_and_the_allowed_names(string[] args, string expected)
    {
        var (code, stdout, stderr) = Run(args);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal("error: " + expected, stderr.TrimEnd('\n', '\r'));
        Assert.Equal("", stdout); // no help text dumped, nothing run
    }

    // Each closed-set option of each command, and the names its source defines (computed here from the source itself).
    public static TheoryData<string, string, string[]> EveryOption => new()
    {
        { "adjust", "--method", Enum.GetValues<AdjustmentMethod>().Select(m => m.ToName()).ToArray() },
        { "report", "--correction", Enum.GetValues<AdjustmentMethod>().Select(m => m.ToName()).ToArray() },
        { "figures", "--correction", Enum.GetValues<AdjustmentMethod>().Select(m => m.ToName()).ToArray() },
        { "compare", "--alternative", Enum.GetValues<Alternative>().Select(a => a.ToScipyName()).ToArray() },
        { "compare", "--zero-method", Enum.GetValues<ZeroMethod>().Select(z => z.ToString().ToLowerInvariant()).ToArray() },
        { "compare", "--tests", EnumNames.Of<PairedTestKind>().Where(n => n != "none").ToArray() },
        { "embed", "--attention", EnumNames.Of<AttentionKind>().ToArray() },
        { "embed", "--pooling", PoolingHeads.Names.ToArray() },
        { "eval", "--attention", EnumNames.Of<AttentionKind>().ToArray() },
        { "eval", "--pooling", PoolingHeads.Names.ToArray() },
        { "run", "--executor", ["local", "slurm"] },
        { "figures", "--paper", [.. PaperArtefacts.Names, "all"] },
    };

    [Theory]
    [MemberData(nameof(EveryOption))]
    public void Help_and_the_error_list_exactly_the_names_of_the_source(string command, string option, string[] names)
    {
        var (code, help, _) = Run(command, "--help");
        Assert.Equal(ExitCodes.Success, code);
        // Help wraps long descriptions over lines; the list is read back from the whitespace-collapsed text.
        string flat = Regex.Replace(help, @"\s+", " ");
        var row = Regex.Match(flat, Regex.Escape(option) + $@" <{Regex.Escape(option.TrimStart('-'))}> .*?[Aa]llowed: (?<list>[^.]*)\.");
        Assert.True(row.Success, $"{command} --help has no allowed list for {option}:\n{help}");
        Assert.Equal(names, row.Groups["list"].Value.Split(", "));

        var choice = FindOption(command, option);
        var (_, _, error) = Run([command, .. RequiredArguments[command], option, "no-such-name"]);
        var allowed = Regex.Match(error, @"allowed: (?<list>.*) \(see ");
        Assert.True(allowed.Success, error);
        Assert.Equal(names, allowed.Groups["list"].Value.Split(", "));
        Assert.Equal(names.Order(), choice.GetCompletions(System.CommandLine.Completions.CompletionContext.Empty).Select(c => c.Label).Order());
    }

    // Valid names, other letter case, scipy's and statsmodels' spellings, and defaults parse to their members.
    public static TheoryData<string[], string, object?> Valid => new()
    {
        { ["adjust", "0.5", "--method", "hochberg"], "--method", AdjustmentMethod.Hochberg },
        { ["adjust", "0.5", "--method", "HOLM-SIDAK"], "--method", AdjustmentMethod.HolmSidak },
        { ["adjust", "0.5", "--method", "fdr_by"], "--method", AdjustmentMethod.BenjaminiYekutieli },
        { ["adjust", "0.5"], "--method", AdjustmentMethod.Holm },
        { ["report", "r", "--correction", "bh"], "--correction", AdjustmentMethod.BenjaminiHochberg },
        { ["figures", "r"], "--correction", AdjustmentMethod.Holm },
        { ["compare", "a", "b", "--alternative", "less"], "--alternative", Alternative.Less },
        { ["compare", "a", "b", "--alternative", "two_sided"], "--alternative", Alternative.TwoSided },
        { ["compare", "a", "b"], "--alternative", Alternative.TwoSided },
        { ["compare", "a", "b", "--zero-method", "zsplit"], "--zero-method", ZeroMethod.ZSplit },
        { ["compare", "a", "b"], "--zero-method", ZeroMethod.Wilcox },
        { ["run", "g.json", "--executor", "slurm"], "--executor", ExecutorKind.Slurm },
        { ["run", "g.json"], "--executor", ExecutorKind.Local },
        { ["embed", "--model", "m", "--input", "i", "--out", "o.npy", "--attention", "Bidirectional"], "--attention", AttentionKind.Bidirectional },
        { ["eval", "--model", "m", "--pooling", "mean"], "--pooling", "mean" },
        { ["figures", "r", "--paper", "all"], "--paper", "all" },
        { ["figures", "r"], "--paper", null },
        { ["eval", "--model", "m"], "--attention", null },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_names_aliases_and_defaults_parse_to_their_members(string[] args, string option, object? expected)
    {
        var parse = Program.BuildRootCommand().Parse(args);
        Assert.Empty(parse.Errors);
        var choice = parse.CommandResult.Command.Options.Single(o => o.Name == option);
        // Get(parse) is reached through reflection because the option's value type differs per row.
        object? value = choice.GetType().GetMethod(expected is null || expected is string ? "GetName" : "Get")!.Invoke(choice, [parse]);
        Assert.Equal(expected, value);
        if (expected is not null and not string)
            Assert.Equal(choice.GetType().GenericTypeArguments[0], expected.GetType());
    }

    [Fact]
    public void Compare_runs_the_listed_tests_with_the_chosen_alternative_and_zero_method()
    {
        string d = Directory.CreateTempSubdirectory("choice").FullName;
        try
        {
            File.WriteAllText(Path.Combine(d, "a.csv"), "id,score\nq1,0.5\nq2,0.25\nq3,0.75\nq4,0.6\n");
            File.WriteAllText(Path.Combine(d, "b.csv"), "id,score\nq1,0.4\nq2,0.25\nq3,0.5\nq4,0.7\n");
            string[] args = ["compare", Path.Combine(d, "a.csv"), Path.Combine(d, "b.csv"), "--tests", "WILCOXON, t", "--alternative", "greater", "--resamples", "99"];
            var (code, stdout, stderr) = Run([.. args, "--zero-method", "pratt"]);
            Assert.True(code == ExitCodes.Success, stderr);
            var rows = stdout.Split('\n').Select(l => l.Split(' ', 2)[0]).ToList();
            Assert.Contains("t", rows);
            Assert.Contains("wilcoxon", rows);
            Assert.DoesNotContain("sign", rows);
            Assert.DoesNotContain("permutation", rows);
            Assert.Contains("method (greater)", stdout);
            // q2 is a zero difference: Pratt keeps it in the ranking, Wilcox drops it, so the statistics differ.
            var (wilcoxCode, wilcoxOut, _) = Run([.. args, "--zero-method", "wilcox"]);
            Assert.Equal(ExitCodes.Success, wilcoxCode);
            Assert.NotEqual(Row(stdout, "wilcoxon"), Row(wilcoxOut, "wilcoxon"));
        }
        finally { Directory.Delete(d, recursive: true); }
    }

    private static string Row(string table, string test) => table.Split('\n').Single(l => l.StartsWith(test + " ", StringComparison.Ordinal));

    [Fact]
    public void Adjust_uses_the_chosen_method()
    {
        // Bonferroni multiplies each p by m = 2: 0.02 and 0.08 (Holm would give 0.02 and 0.04).
        var (code, stdout, stderr) = Run("adjust", "0.01", "0.04", "--method", "Bonferroni");
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.StartsWith("method bonferroni, alpha 0.05, 2 p-values", stdout);
        Assert.Contains("0.02", stdout);
        Assert.Contains("0.08", stdout);
    }

    private enum Colour { Red, DarkBlue, [JsonStringEnumMemberName("sea-green")] SeaGreen }

    [Fact]
    public void A_set_from_an_enum_lists_every_member_by_its_settings_name()
    {
        var set = ChoiceSet.Of<Colour>();
        Assert.Equal(new[] { "red", "dark_blue", "sea-green" }, set.Names);
        Assert.True(set.TryParse("  DARK_BLUE ", out var blue));
        Assert.Equal(Colour.DarkBlue, blue);
        Assert.Equal("sea-green", set.NameOf(Colour.SeaGreen));
        Assert.False(set.TryParse("darkblue", out _));
        Assert.Equal("--colour: unknown value 'darkblue'; did you mean 'dark_blue'? allowed: red, dark_blue, sea-green", set.UnknownValue("--colour", "darkblue"));
        Assert.Equal("--colour: unknown value 'purple'; allowed: red, dark_blue, sea-green", set.UnknownValue("--colour", "purple"));
        Assert.Equal(new[] { "red", "sea-green" }, ChoiceSet.Of<Colour>(except: [Colour.DarkBlue]).Names);
    }

    [Fact]
    public void A_member_without_a_name_or_two_members_with_one_name_fail_when_the_set_is_built()
    {
        // A name function that misses a new member throws while the set is built (at start-up), never at a user.
        Assert.Throws<InvalidOperationException>(() => ChoiceSet.Of<Colour>(c => c == Colour.Red ? "red" : throw new InvalidOperationException("no name")));
        Assert.Throws<ArgumentException>(() => ChoiceSet.Of<Colour>(c => c == Colour.Red ? "red" : "blue"));
        Assert.Throws<ArgumentException>(() => ChoiceSet.Of(new[] { "mean", "MEAN" }));
    }

    [Fact]
    public void A_fallback_parser_accepts_more_spellings_than_are_listed()
    {
        Assert.True(CliChoices.Correction.TryParse("fdr_bh", out var bh));
        Assert.Equal(AdjustmentMethod.BenjaminiHochberg, bh);
        Assert.True(CliChoices.Correction.TryParse("simes-hochberg", out var hochberg));
        Assert.Equal(AdjustmentMethod.Hochberg, hochberg);
        Assert.DoesNotContain("fdr_bh", CliChoices.Correction.Names);
        Assert.False(CliChoices.Correction.TryParse("fdr_magic", out _));
    }

    [Fact]
    public void A_list_option_with_no_name_is_a_parse_error()
    {
        var (code, _, stderr) = Run("compare", "a.csv", "b.csv", "--tests", ",");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal("error: --tests: no value given; allowed: t, wilcoxon, sign, permutation, bootstrap, all (see 'ablation compare --help')", stderr.TrimEnd());
    }

    // What each command needs besides the option, so that the bad value is the only parse error.
    private static readonly Dictionary<string, string[]> RequiredArguments = new()
    {
        ["adjust"] = ["0.5"], ["compare"] = ["a.csv", "b.csv"], ["report"] = ["r"], ["figures"] = ["r"], ["run"] = ["g.json"],
        ["embed"] = ["--model", "m", "--input", "i", "--out", "o.npy"], ["eval"] = ["--model", "m"],
    };

    private static Option FindOption(string command, string option) =>
        Program.BuildRootCommand().Subcommands.Single(c => c.Name == command).Options.Single(o => o.Name == option);
}

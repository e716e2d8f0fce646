using System.Text.Json;
using Ablation.Stats.PairedTests;
using Ablation.Stats.Distributions;

namespace Ablation.Stats.Tests.PairedTests;

/// <summary>
/// Every paired test against scipy 1.10 / statsmodels 0.13 on the random cases of paired.json (sizes 5..2000,
/// continuous, tied, zero-heavy and binary differences; all alternatives and Wilcoxon options).
/// Exact methods must agree to 1e-9 relative; normal approximations to 1e-6 relative.
/// </summary>
public class PairedTestsScipyParityTests
{
    private const double ExactTolerance = 1e-9;
    private const double ApproxTolerance = 1e-6;

    public static IEnumerable<object[]> CaseNames() =>
        Fixtures.Load("paired.json").GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! });

    private static JsonElement Case(string name) =>
        Fixtures.Load("paired.json").GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void PairedTTestMatchesTtestRel(string name)
    {
        var c = Case(name);
        foreach (var entry in c.GetProperty("ttest").EnumerateObject())
        {
            var expected = entry.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var result = PairedTTest.Test(c.Doubles("a"), c.Doubles("b"), AlternativeNames.Parse(entry.Name));
            Fixtures.Close(expected[0], result.Statistic, ExactTolerance, 1e-12, $"{name} t {entry.Name}");
            Fixtures.Close(expected[1], result.PValue, ExactTolerance, 1e-300, $"{name} p {entry.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void WilcoxonMatchesScipyForEveryOption(string name)
    {
        var c = Case(name);
        var a = c.Doubles("a");
        var b = c.Doubles("b");
        int checkedCount = 0;
        foreach (var w in c.GetProperty("wilcoxon").EnumerateArray())
        {
            var zeroMethod = w.GetProperty("zero_method").GetString() switch { "wilcox" => ZeroMethod.Wilcox, "pratt" => ZeroMethod.Pratt, _ => ZeroMethod.ZSplit };
            bool correction = w.GetProperty("correction").GetBoolean();
            var alternative = AlternativeNames.Parse(w.GetProperty("alternative").GetString()!);
            bool exact = w.GetProperty("method").GetString() == "exact";
            var result = WilcoxonSignedRank.Test(a, b, alternative, zeroMethod, correction, exact ? WilcoxonMethod.Exact : WilcoxonMethod.Approx);
            string what = $"{name} {zeroMethod} correction={correction} {alternative} {(exact ? "exact" : "approx")}";
            Assert.Equal(exact ? "exact" : "normal", result.Method.Split(' ')[0]);
            Fixtures.Close(w.Double("statistic"), result.Statistic, 1e-12, 1e-12, what + " statistic");
            Fixtures.Close(w.Double("pvalue"), result.PValue, exact ? ExactTolerance : ApproxTolerance, 1e-300, what + " p");
            checkedCount++;
        }
        Assert.True(checkedCount >= 18, $"{name}: only {checkedCount} Wilcoxon variants in the fixture");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AutoIsExactOnlyForSmallUntiedSamples(string name)
    {
        var c = Case(name);
        var a = c.Doubles("a");
        var b = c.Doubles("b");
        var d = a.Zip(b, (x, y) => x - y).ToArray();
        var nonZero = d.Where(v => v != 0).Select(Math.Abs).ToArray();
        bool expectExact = d.Length <= 50 && nonZero.Length == d.Length && nonZero.Distinct().Count() == nonZero.Length;
        var auto = WilcoxonSignedRank.Test(a, b);
        var expected = c.GetProperty("wilcoxon").EnumerateArray().First(w =>
            w.GetProperty("zero_method").GetString() == "wilcox" && !w.GetProperty("correction").GetBoolean() &&
            w.GetProperty("alternative").GetString() == "two-sided" && w.GetProperty("method").GetString() == (expectExact ? "exact" : "approx"));
        Assert.Equal(expectExact ? "exact" : "normal approximation", auto.Method);
        Fixtures.Close(expected.Double("pvalue"), auto.PValue, expectExact ? ExactTolerance : ApproxTolerance, 1e-300, name);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void SignTestMatchesBinomtest(string name)
    {
        var c = Case(name);
        foreach (var entry in c.GetProperty("sign").EnumerateObject())
        {
            var expected = entry.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var result = SignTest.Test(c.Doubles("a"), c.Doubles("b"), AlternativeNames.Parse(entry.Name));
            Assert.Equal(expected[0], result.Statistic);
            Fixtures.Close(expected[1], result.PValue, ExactTolerance, 1e-300, $"{name} sign {entry.Name}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ExactPermutationTestMatchesScipy(string name)
    {
        var c = Case(name);
        foreach (var entry in c.GetProperty("permutation").EnumerateObject())
        {
            var expected = entry.Value.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var result = PermutationTest.Test(c.Doubles("a"), c.Doubles("b"), AlternativeNames.Parse(entry.Name));
            Assert.StartsWith("exact", result.Method);
            Fixtures.Close(expected[0], result.Statistic, 1e-12, 1e-14, $"{name} permutation statistic");
            Fixtures.Close(expected[1], result.PValue, 1e-12, 0, $"{name} permutation {entry.Name}");
        }
    }

    public static IEnumerable<object[]> McNemarCases() =>
        Fixtures.Load("paired.json").GetProperty("mcnemar").EnumerateArray().Select((_, i) => new object[] { i });

    [Theory]
    [MemberData(nameof(McNemarCases))]
    public void McNemarMatchesStatsmodels(int index)
    {
        var c = Fixtures.Load("paired.json").GetProperty("mcnemar")[index];
        var result = McNemarTest.Test(c.GetProperty("only_a").GetInt32(), c.GetProperty("only_b").GetInt32(),
            c.GetProperty("exact").GetBoolean(), c.GetProperty("correction").GetBoolean());
        Fixtures.Close(c.Double("statistic"), result.Statistic, 1e-12, 0, "statistic");
        Fixtures.Close(c.Double("pvalue"), result.PValue, ExactTolerance, 1e-300, "p");
    }

    [Fact]
    public void BinomialTestMatchesScipyIncludingUnequalP()
    {
        foreach (var c in Fixtures.Load("paired.json").GetProperty("binomtest").EnumerateArray())
        {
            int k = c.GetProperty("k").GetInt32(), n = c.GetProperty("n").GetInt32();
            var alternative = AlternativeNames.Parse(c.GetProperty("alternative").GetString()!);
            double p = BinomialTest.PValue(k, n, c.Double("p"), alternative);
            Fixtures.Close(c.Double("pvalue"), p, ExactTolerance, 1e-300, $"k={k} n={n} p={c.Double("p")} {alternative}");
        }
    }
}

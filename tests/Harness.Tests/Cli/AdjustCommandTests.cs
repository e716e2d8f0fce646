using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Cli;

/// <summary><c>ablation adjust</c> against statsmodels' multipletests (tests/fixtures/stats/multipletests.json).</summary>
public class AdjustCommandTests
{

    [Theory]
    [InlineData("holm", "holm")]
    [InlineData("bonferroni", "bonferroni")]
    [InlineData("hochberg", "simes-hochberg")]
    [InlineData("holm-sidak", "holm-sidak")]
    [InlineData("bh", "fdr_bh")]
    [InlineData("by", "fdr_by")]
    public void JsonMatchesStatsmodels(string ours, string statsmodels)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("stats", "multipletests.json")));
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().First(x =>
            x.GetProperty("method").GetString() == statsmodels && x.GetProperty("alpha").GetDouble() == 0.05 && x.GetProperty("p").GetArrayLength() == 10);
        var p = c.GetProperty("p").EnumerateArray().Select(v => v.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var (code, output, err) = Run(["adjust", "--method", ours, "--json", .. p]);
        Assert.True(code == 0, err);
        using var result = JsonDocument.Parse(output);
        Assert.Equal(["adjusted", "reject"], result.RootElement.EnumerateObject().Select(x => x.Name).ToArray());
        var expected = c.GetProperty("adjusted").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var actual = result.RootElement.GetProperty("adjusted").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
        Assert.Equal(c.GetProperty("reject").EnumerateArray().Select(v => v.GetBoolean()),
            result.RootElement.GetProperty("reject").EnumerateArray().Select(v => v.GetBoolean()));
    }

    [Fact]
    public void ReadsPValuesFromAFileWithComments()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ablation-p-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "# family: STS tasks\n0.01, 0.04\n0.03 0.2\n");
        try
        {
            var (code, output, err) = Run("adjust", "--method", "bh", "--json", path);
            Assert.True(code == 0, err);
            Assert.Contains("\"reject\":[true,false,false,false]", output);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void InvalidPValueIsAUserErrorNamingIt()
    {
        var (code, _, err) = Run("adjust", "0.2", "1.7");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("argument 2: '1.7'", err);
        (code, _, err) = Run("adjust", "--method", "fdr", "0.2");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("--method: unknown value 'fdr'", err);
    }
}

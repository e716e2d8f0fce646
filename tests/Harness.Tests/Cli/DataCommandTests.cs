using Ablation.Harness;
using Ablation.Harness.Cli;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Cli;

public class DataCommandTests
{
    [Fact]
    public void BaselinesPrintsOneRowPerRankingTaskOfASuiteFolder()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["data", "baselines", "--suite", RepoPaths.Fixture("evaluation", "tiny-suite")], stdout, stderr);
        Assert.True(code == ExitCodes.Success, stderr.ToString());
        var rows = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("task", rows[0]);
        Assert.True(rows.Length >= 2, stdout.ToString());
        Assert.All(rows.Skip(1), r => Assert.Matches(@"(ndcg_at_10|map)\s+\d\.\d{4}\s+\d\.\d{4}\s+\d+$", r));
    }

    [Fact]
    public void BaselinesOnAMissingFolderIsAUserError()
    {
        var stderr = new StringWriter();
        int code = Program.Run(["data", "baselines", "--suite", "/no/such/suite"], new StringWriter(), stderr);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("/no/such/suite", stderr.ToString());
    }
}

using Ablation.Harness;
using Ablation.Harness.Cli;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Cli;

public class CliEntryTests
{

    [Fact]
    public void VersionPrintsASemanticVersion()
    {
        var (code, output, _) = Run("version");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void UnknownCommandFailsWithNonZeroExit()
    {
        var (code, _, err) = Run("no-such-command");
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("no-such-command", err);
    }

    [Fact]
    public void UserMistakesPrintOneLineWithoutStackTrace()
    {
        var stderr = new StringWriter();
        int code = ErrorReporter.Report(new UserInputException("scores.csv line 3: id 'q7' appears twice; remove the duplicate row"), stderr);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal("error: scores.csv line 3: id 'q7' appears twice; remove the duplicate row", stderr.ToString().Trim());
    }

    [Fact]
    public void InternalFailuresIncludeTheTypeForMaintainers()
    {
        var stderr = new StringWriter();
        int code = ErrorReporter.Report(new InvalidOperationException("boom"), stderr);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("InvalidOperationException", stderr.ToString());
    }
}

using Ablation.Harness;
using Ablation.Harness.Cli;

namespace Ablation.Harness.Tests.Cli;

public class SmokeCommandTests
{
    [Fact]
    public void SmokeTrainingLowersTheLoss()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["smoke", "--steps", "4"], stdout, stderr);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("smoke: ok, loss fell", stdout.ToString());
        Assert.Equal(4, stdout.ToString().Split('\n').Count(l => l.StartsWith("step ")));
    }

    [Fact]
    public void TooFewStepsIsAUserError()
    {
        var stderr = new StringWriter();
        Assert.Equal(ExitCodes.UserError, Program.Run(["smoke", "--steps", "1"], new StringWriter(), stderr));
        Assert.Contains("--steps 1", stderr.ToString());
    }
}

using Ablation.Harness.Runner.Slurm;
using Xunit;

namespace Ablation.Harness.Tests.Runner.Slurm;

public class SbatchScriptTests
{
    [Fact]
    public void PaperScaleArrayScriptHasGpusThrottleAccountAndLogsPerTask()
    {
        var options = new SlurmOptions
        {
            Partition = "gpu", Account = "nlp-lab", CpusPerTask = 8, Mem = "64G", Time = "1-12:00:00",
            GpusPerTask = 1, MaxParallel = 5, ExtraArgs = ["--qos=long", "--constraint=a100"],
        };
        var text = SbatchScript.Array("paper-a-mistral-7b", "/shared/results/paper-a", "/shared/results/paper-a/slurm/attempt-1.cells",
            5, "dotnet /opt/ablation/ablation.dll", options);
        Assert.Equal(
            "#!/bin/bash\n" +
            "#SBATCH --job-name=paper-a-mistral-7b\n" +
            "#SBATCH --array=0-4%5\n" +
            "#SBATCH --output=/shared/results/paper-a/slurm/logs/%A_%a.out\n" +
            "#SBATCH --open-mode=append\n" +
            "#SBATCH --requeue\n" +
            "#SBATCH --partition=gpu\n" +
            "#SBATCH --account=nlp-lab\n" +
            "#SBATCH --cpus-per-task=8\n" +
            "#SBATCH --mem=64G\n" +
            "#SBATCH --time=1-12:00:00\n" +
            "#SBATCH --gpus-per-task=1\n" +
            "#SBATCH --qos=long\n" +
            "#SBATCH --constraint=a100\n" +
            "set -euo pipefail\n" +
            "cell=$(sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" '/shared/results/paper-a/slurm/attempt-1.cells')\n" +
            "echo \"ablation: array task ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID} (restart ${SLURM_RESTART_COUNT:-0}) on $(hostname): cell ${cell}\"\n" +
            "exec dotnet /opt/ablation/ablation.dll run-cell '/shared/results/paper-a'/cells/\"${cell}\"\n",
            text);
    }

    [Fact]
    public void CpuScriptLeavesUnsetResourcesToTheCluster()
    {
        var text = SbatchScript.Array("q", "/r", "/r/c", 3, "ablation", new SlurmOptions());
        Assert.Contains("#SBATCH --array=0-2\n", text);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", text);
        Assert.DoesNotContain("--partition", text);
        Assert.DoesNotContain("--gpus", text);
        Assert.DoesNotContain("--mem", text);
    }

    [Fact]
    public void FinishScriptRunsSlurmFinishOnTheResultsFolder()
    {
        var text = SbatchScript.Finish("q", "/r/it's here", "ablation", new SlurmOptions { Partition = "cpu" }, 2);
        Assert.Contains("#SBATCH --job-name=q-finish\n", text);
        Assert.Contains("#SBATCH --partition=cpu\n", text);
        Assert.EndsWith("exec ablation slurm-finish '/r/it'\\''s here' --attempt 2\n", text);
    }

    [Theory]
    [InlineData("mem", "16 GB", "--mem '16 GB' is not a Slurm memory size")]
    [InlineData("time", "4h", "--time '4h' is not a Slurm time limit")]
    [InlineData("arg", "qos=long", "--sbatch-arg 'qos=long' must be one sbatch option")]
    [InlineData("parallel", "0", "--max-parallel must be at least 1")]
    public void BadOptionsAreUserErrorsNamingTheOption(string which, string value, string expected)
    {
        var options = which switch
        {
            "mem" => new SlurmOptions { Mem = value },
            "time" => new SlurmOptions { Time = value },
            "arg" => new SlurmOptions { ExtraArgs = [value] },
            _ => new SlurmOptions { MaxParallel = int.Parse(value) },
        };
        var error = Assert.Throws<UserInputException>(options.Validate);
        Assert.StartsWith(expected, error.Message);
    }
}

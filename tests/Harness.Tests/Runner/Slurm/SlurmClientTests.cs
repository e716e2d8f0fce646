using Ablation.Harness.Runner.Slurm;
using Xunit;

namespace Ablation.Harness.Tests.Runner.Slurm;

/// <summary>The client against the real single-node cluster: submit an array, see it in the queue, cancel it.</summary>
[Collection(SlurmCollection.Name)]
public class SlurmClientTests(SlurmCluster cluster)
{
    [Fact]
    public void SubmitsAThrottledArraySeesItQueuedAndCancelsIt()
    {
        var dir = Directory.CreateTempSubdirectory("ablation-slurm-client-").FullName;
        var script = Path.Combine(dir, "array.sh");
        File.WriteAllText(script, $"#!/bin/bash\n#SBATCH --array=0-3%1\n#SBATCH --output={dir}/%A_%a.out\nsleep 30\n");
        var client = new SlurmClient();
        var id = client.Submit(script);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyDictionary<string, (string State, string Reason)> queue;
        do { queue = client.Queue([id]); Thread.Sleep(200); }
        while (!queue.Values.Any(v => v.State == "RUNNING") && DateTime.UtcNow < deadline);
        Assert.Contains(queue.Values, v => v.State == "RUNNING");
        Assert.True(queue.Count >= 2, $"expected a running task and throttled pending ones, saw {queue.Count}");
        Assert.Contains(queue.Values, v => v.Reason == "JobArrayTaskLimit");

        client.Cancel([id]);
        deadline = DateTime.UtcNow.AddSeconds(20);
        while (client.Queue([id]).Count > 0 && DateTime.UtcNow < deadline) Thread.Sleep(200);
        Assert.Empty(client.Queue([id]));
        Assert.True(cluster.UpSeconds > 0);
    }

    [Fact]
    public void AFailingSubmissionIsAnErrorWithSbatchsMessage()
    {
        var dir = Directory.CreateTempSubdirectory("ablation-slurm-client-").FullName;
        var script = Path.Combine(dir, "bad.sh");
        File.WriteAllText(script, "#!/bin/bash\n#SBATCH --partition=no-such-partition\ntrue\n");
        var error = Assert.Throws<SlurmException>(() => new SlurmClient().Submit(script));
        Assert.Contains("partition", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}

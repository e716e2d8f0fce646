using Ablation.Harness.Evaluation.Learning;
using Ablation.Harness.Evaluation.Metrics;
using static Ablation.Harness.Tests.Evaluation.EvaluationFixtures;

namespace Ablation.Harness.Tests.Evaluation.Learning;

public class NumpyRandomStateTests
{
    /// <summary>Successive in-place shuffles equal numpy's RandomState(seed).shuffle (fixture from numpy).</summary>
    [Fact]
    public void ShufflesMatchNumpyLegacyRandomState()
    {
        foreach (var c in Root.GetProperty("numpy_shuffles").EnumerateArray())
        {
            var state = new NumpyRandomState(c.GetProperty("seed").GetUInt32());
            var items = Enumerable.Range(0, c.GetProperty("n").GetInt32()).ToArray();
            foreach (var round in c.GetProperty("rounds").EnumerateArray())
            {
                state.Shuffle(items);
                Assert.Equal(Ints(round), items);
            }
        }
    }

    [Fact]
    public void FirstOutputOfSeed5489IsTheReferenceMt19937Value() =>
        // Matsumoto & Nishimura's reference: the first genrand_int32() after init_genrand(5489) is 3499211612.
        Assert.Equal(3499211612u, new NumpyRandomState(5489).NextUInt32());
}

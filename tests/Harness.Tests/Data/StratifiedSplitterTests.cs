using Ablation.Harness.Data.Splits;

namespace Ablation.Harness.Tests.Data;

public class StratifiedSplitterTests
{
    private static readonly List<(string Id, string Category)> Items =
        Enumerable.Range(0, 1000).Select(i => ($"item{i}", i % 7 == 0 ? "small" : i % 3 == 0 ? "b" : "a")).ToList();

    [Fact]
    public void EveryCategoryGetsTheEvalShareUpToRounding()
    {
        var split = StratifiedSplitter.Assign(Items, x => x.Id, x => x.Category, 0.2, "test");
        foreach (var group in Items.GroupBy(x => x.Category))
        {
            int eval = group.Count(x => split[x.Id] == DataSplit.Eval);
            Assert.Equal((int)Math.Round(0.2 * group.Count(), MidpointRounding.AwayFromZero), eval);
        }
    }

    [Fact]
    public void AssignmentDoesNotDependOnInputOrder()
    {
        var forward = StratifiedSplitter.Assign(Items, x => x.Id, x => x.Category, 0.2, "test");
        var backward = StratifiedSplitter.Assign(Enumerable.Reverse(Items), x => x.Id, x => x.Category, 0.2, "test");
        Assert.Equal(forward.OrderBy(kv => kv.Key), backward.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void DifferentPurposesGiveIndependentSplits()
    {
        var a = StratifiedSplitter.Assign(Items, x => x.Id, x => x.Category, 0.5, "one");
        var b = StratifiedSplitter.Assign(Items, x => x.Id, x => x.Category, 0.5, "two");
        int agree = Items.Count(x => a[x.Id] == b[x.Id]);
        Assert.InRange(agree, 400, 600); // independent halves agree on about half of the items
    }

    [Fact]
    public void StableHashIsTheDocumentedSha256Prefix()
    {
        // Independent reference: the sha256sum tool on the same bytes.
        ulong expected = Convert.ToUInt64(Sha256Hex("split:x")[..16], 16);
        Assert.Equal(expected, StableHash.Of("split", "x"));
    }

    private static string Sha256Hex(string text)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("sha256sum") { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(psi)!;
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output[..64];
    }
}

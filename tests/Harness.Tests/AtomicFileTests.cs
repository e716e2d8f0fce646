using Ablation.Harness.IO;

namespace Ablation.Harness.Tests;

public class AtomicFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ablation-atomic-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void FailedWriteKeepsOldContentAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "metrics.json");
        AtomicFile.WriteAllText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half-writ"u8);
            throw new InvalidOperationException("interrupted");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void WritesCreateMissingFoldersAndReplaceContent()
    {
        string path = Path.Combine(_folder, "a", "b", "x.txt");
        AtomicFile.WriteText(path, w => { w.WriteLine("one"); w.WriteLine("two"); });
        Assert.Equal("one\ntwo\n", File.ReadAllText(path));
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }
}

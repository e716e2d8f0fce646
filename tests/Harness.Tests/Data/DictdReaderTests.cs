using Ablation.Harness.Data;
using Ablation.Harness.Data.Dictd;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Data;

public class DictdReaderTests
{
    private static readonly string Index = RepoPaths.Fixture("data", "foldoc", "foldoc.index");

    [Theory]
    [InlineData("A", 0)]
    [InlineData("/", 63)]
    [InlineData("BA", 64)]
    [InlineData("K5", 10 * 64 + 57)]
    [InlineData("Gb9L", ((6L * 64 + 27) * 64 + 61) * 64 + 11)]
    public void DecodesDictdBase64MostSignificantDigitFirst(string text, long expected) =>
        Assert.Equal(expected, DictdReader.DecodeNumber(text, "x.index", 1, "offset"));

    [Fact]
    public void ReadsArticlesAndSkipsDatabaseMetadata()
    {
        var entries = DictdReader.Read(Index);
        Assert.Equal(["associative array", "associativity", "ast", "association for simula users", "frobnicate", "syntax"],
            entries.Select(e => e.Headwords[0]));
        Assert.StartsWith("associative array\n", entries[0].Text);
        Assert.Equal(3, entries[1].IndexLine);
    }

    [Fact]
    public void DictzipAndPlainDictGiveTheSameText()
    {
        string folder = Directory.CreateTempSubdirectory("dictd").FullName;
        try
        {
            File.Copy(Index, Path.Combine(folder, "foldoc.index"));
            File.Copy(RepoPaths.Fixture("data", "foldoc", "foldoc.dict.dz"), Path.Combine(folder, "foldoc.dict.dz"));
            var fromGzip = DictdReader.Read(Path.Combine(folder, "foldoc.index"));
            Assert.Equal(DictdReader.Read(Index).Select(e => e.Text), fromGzip.Select(e => e.Text));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData("frobnicate\tBA", "found 2 tab-separated field(s)")]
    [InlineData("frobnicate\tB*\tBA", "'*'")]
    [InlineData("frobnicate\tBA\t////", "runs past the end")]
    public void MalformedIndexLinesNameFileAndLine(string badLine, string problem)
    {
        string folder = Directory.CreateTempSubdirectory("dictd-bad").FullName;
        try
        {
            File.Copy(RepoPaths.Fixture("data", "foldoc", "foldoc.dict"), Path.Combine(folder, "foldoc.dict"));
            File.WriteAllLines(Path.Combine(folder, "foldoc.index"), [.. File.ReadLines(Index).Take(3), badLine]);
            var error = Assert.Throws<DataFormatException>(() => DictdReader.Read(Path.Combine(folder, "foldoc.index")));
            Assert.StartsWith("foldoc.index line 4:", error.Message);
            Assert.Contains(problem, error.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void MissingDictFileSaysWhichPackageToInstall()
    {
        string folder = Directory.CreateTempSubdirectory("dictd-missing").FullName;
        try
        {
            File.Copy(Index, Path.Combine(folder, "foldoc.index"));
            var error = Assert.Throws<FileNotFoundException>(() => DictdReader.Read(Path.Combine(folder, "foldoc.index")));
            Assert.Contains("install-deps", error.Message);
        }
        finally { Directory.Delete(folder, true); }
    }
}

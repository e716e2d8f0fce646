using Ablation.Harness.Cli;
using Ablation.Harness.Grid;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Grid;

/// <summary>
/// Every malformed grid under <c>bad/</c> must be rejected before any work with the exact messages listed for it in
/// <c>bad/expected.txt</c> (file:line:column: JSON path: what and what is allowed), a user-error exit code, and
/// nothing written next to it.
/// </summary>
public sealed class BadGridCorpusTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "tests", "Harness.Tests", "Grid", "bad");

    /// <summary>file name → the lines its error message must contain.</summary>
    private static Dictionary<string, List<string>> Expected()
    {
        var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(Folder, "expected.txt")))
        {
            if (line.Length == 0 || line.StartsWith('#')) continue;
            string file = line[..line.IndexOf(".json", StringComparison.Ordinal)] + ".json";
            if (!expected.TryGetValue(file, out var list)) expected[file] = list = [];
            list.Add(line);
        }
        return expected;
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal))
            data.Add(file!);
        return data;
    }

    [Fact]
    public void CorpusHasAtLeast25FilesEachWithExpectations()
    {
        var files = Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).ToList();
        Assert.True(files.Count >= 25, $"only {files.Count} bad grids");
        var expected = Expected();
        Assert.DoesNotContain(files, f => !expected.ContainsKey(f!));
        Assert.DoesNotContain(expected.Keys, f => !files.Contains(f));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void IsRejectedWithItsMessages(string file)
    {
        string path = Path.Combine(Folder, file);
        var before = Directory.GetFileSystemEntries(Folder).Order().ToList();

        var error = Assert.Throws<UserInputException>(() => GridFile.Load(path));

        var expected = Expected().GetValueOrDefault(file) ?? [];
        Assert.True(expected.Count > 0, $"no expectation for {file}; its message is:\n{error.Message}");
        foreach (var line in expected)
            Assert.True(error.Message.Contains(line, StringComparison.Ordinal), $"expected\n  {line}\nin\n{error.Message}");
        // Every problem is one line that starts with the file's location.
        foreach (var problem in error.Message.Split('\n').Skip(error.Message.Contains('\n') ? 1 : 0))
            Assert.StartsWith(path + ":", problem.Trim());
        Assert.Equal(ExitCodes.UserError, ErrorReporter.Report(error, new StringWriter()));
        Assert.Equal(before, Directory.GetFileSystemEntries(Folder).Order().ToList());
    }
}

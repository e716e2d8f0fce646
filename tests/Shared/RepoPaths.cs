namespace Ablation.Tests.Shared;

/// <summary>Locates the repository from a test's output folder, so tests read committed fixtures in place.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root (the folder holding Ablation.sln).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>Path of a file or folder under <c>tests/fixtures/</c>.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Root, "tests", "fixtures", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ablation.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Ablation.sln above {AppContext.BaseDirectory}; run tests from inside the repository");
    }
}

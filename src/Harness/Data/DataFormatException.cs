namespace Ablation.Harness.Data;

/// <summary>
/// A source file of the built-in data (WordNet, dictd) does not have the documented format. The message names
/// the file and the 1-based line, says what was expected, and how to fix it (usually: reinstall the package).
/// It derives from <see cref="FormatException"/>, so the CLI prints it as one line.
/// </summary>
public sealed class DataFormatException : FormatException
{
    public DataFormatException(string file, int line, string problem)
        : base($"{file} line {line}: {problem}; the file does not match the documented format " +
               "(reinstall the Debian package with scripts/install-deps, or fix the fixture)")
    {
        File = file;
        Line = line;
    }

    /// <summary>The file that failed to parse.</summary>
    public string File { get; }

    /// <summary>The 1-based line number of the problem.</summary>
    public int Line { get; }
}

namespace Ablation.Harness.Tests.Contracts;

/// <summary>
/// One bad input to the command line: how to prepare the folder ({d} in <see cref="Args"/> is a fresh temporary
/// folder), the arguments, the exit code, and what the one-line message must mention (the file, line, field or
/// option, and the fix).
/// </summary>
public sealed record BadInputCase(string Name, int Code, string[] Args, string[] Mentions, Action<string>? Setup = null)
{
    public override string ToString() => Name;
}

namespace Ablation.Harness.Cli;

/// <summary>Process exit codes of the <c>ablation</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Something failed that is not the user's input (a bug, an I/O failure, a native error).</summary>
    public const int Failure = 1;

    /// <summary>The input was wrong: a bad option, a malformed file, an unknown name. The message says how to fix it.</summary>
    public const int UserError = 2;

    /// <summary>The user interrupted the command (Ctrl+C); finished work is kept on disk.</summary>
    public const int Interrupted = 130;
}

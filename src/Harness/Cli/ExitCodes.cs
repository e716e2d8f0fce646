namespace Ablation.Harness.Cli;

/// <summary>
/// Process exit codes of the <c>ablation</c> command: the contract scripts and the grid runner rely on. Which
/// exception maps to which code is decided in one place, <see cref="ErrorReporter"/>.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An internal failure: a bug in the harness or a native error. A stack trace follows the message.</summary>
    public const int Failure = 1;

    /// <summary>
    /// The input or the environment was wrong: a bad option or command line, a malformed or missing file, an unknown
    /// name, an output that cannot be written, a model that produces NaN. One line says what, where and how to fix it.
    /// </summary>
    public const int UserError = 2;

    /// <summary>Interrupted with Ctrl+C (SIGINT, 128 + 2); finished work is kept on disk and the message says how to resume.</summary>
    public const int Interrupted = 130;

    /// <summary>Stopped with SIGTERM (128 + 15), e.g. by a scheduler; as for <see cref="Interrupted"/>.</summary>
    public const int Terminated = 143;
}

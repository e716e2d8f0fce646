namespace Ablation.Harness;

/// <summary>
/// A mistake in what the user gave the command (a file, an option, a grid). The CLI prints only the message,
/// which must say what was wrong, where, and how to fix it, and exits with <see cref="Cli.ExitCodes.UserError"/>.
/// </summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException(string message, Exception inner) : base(message, inner) { }
}

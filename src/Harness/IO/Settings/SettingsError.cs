namespace Ablation.Harness.IO.Settings;

/// <summary>One problem in a settings file: where (file, line, column, JSON path) and what (with what is allowed).</summary>
public sealed record SettingsError(string Source, int Line, int Column, string Path, string Message)
{
    /// <summary><c>file:line:column: $.path: message</c>.</summary>
    public override string ToString() => $"{Source}:{Line}:{Column}: {Path}: {Message}";
}

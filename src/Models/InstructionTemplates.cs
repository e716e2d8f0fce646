namespace Ablation.Models;

/// <summary>
/// How an instruction and a text are joined before tokenisation. <see cref="Format"/> joins an instruction and a
/// text (placeholders <c>{instruction}</c> and <c>{text}</c>); <see cref="Wrapper"/> is then applied to every text,
/// instructed or not (placeholder <c>{text}</c>), for chat templates.
/// Both papers put instructions on queries only: Tang &amp; Yang concatenate <c>prompt + text</c>
/// (<see cref="PaperA"/>); Su et al. write <c>"{instruction}; " + query</c> inside the Llama-3 user turn
/// (<see cref="PaperB"/>).
/// </summary>
public sealed record InstructionTemplates
{
    /// <summary>Instruction for <see cref="TextKind.Query"/> texts; null = none.</summary>
    public string? QueryInstruction { get; init; }

    /// <summary>Instruction for <see cref="TextKind.Document"/> texts; null (the default, as in both papers) = none.</summary>
    public string? DocumentInstruction { get; init; }

    public string Format { get; init; } = "{instruction}{text}";

    public string Wrapper { get; init; } = "{text}";

    /// <summary>Plain concatenation, instruction on queries only (Tang &amp; Yang's evaluation).</summary>
    public static InstructionTemplates PaperA(string? queryInstruction) => new() { QueryInstruction = queryInstruction };

    /// <summary>"instruction; query" in the Llama-3 user turn (Su et al.'s training and evaluation).</summary>
    public static InstructionTemplates PaperB(string? queryInstruction) => new()
    {
        QueryInstruction = queryInstruction,
        Format = "{instruction}; {text}",
        Wrapper = "<|start_header_id|>user<|end_header_id|>\n\n{text}<|eot_id|>",
    };

    /// <summary>The instruction that applies to <paramref name="kind"/>, or null.</summary>
    public string? InstructionFor(TextKind kind) =>
        kind == TextKind.Query ? QueryInstruction : DocumentInstruction;

    /// <summary>The full text to tokenise.</summary>
    public string Apply(string text, TextKind kind) => Split(text, kind).Full;

    /// <summary>
    /// The full text and its prefix up to where <paramref name="text"/> begins, so that the instruction's tokens
    /// can be counted (tokenise the prefix alone) and excluded from mean pooling.
    /// </summary>
    public (string Full, string Prefix) Split(string text, TextKind kind)
    {
        var instruction = InstructionFor(kind);
        string body;
        string bodyPrefix;
        if (string.IsNullOrEmpty(instruction))
        {
            body = text;
            bodyPrefix = "";
        }
        else
        {
            var at = Format.IndexOf("{text}", StringComparison.Ordinal);
            if (at < 0) throw new FormatException($"instruction format '{Format}' has no {{text}} placeholder");
            bodyPrefix = Format[..at].Replace("{instruction}", instruction);
            body = bodyPrefix + text + Format[(at + "{text}".Length)..].Replace("{instruction}", instruction);
        }
        var wrapAt = Wrapper.IndexOf("{text}", StringComparison.Ordinal);
        if (wrapAt < 0) throw new FormatException($"instruction wrapper '{Wrapper}' has no {{text}} placeholder");
        var outerPrefix = Wrapper[..wrapAt];
        return (outerPrefix + body + Wrapper[(wrapAt + "{text}".Length)..], outerPrefix + bodyPrefix);
    }
}

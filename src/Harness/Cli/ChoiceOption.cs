using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace Ablation.Harness.Cli;

/// <summary>
/// An option that takes one name of a closed set (<see cref="ChoiceSet{T}"/>). Its description ends with the allowed
/// names, its completions are those names, and an unknown value is a parse error (exit 2) in the one format of
/// <see cref="ChoiceSet{T}.UnknownValue"/>. The parsed value is the listed spelling of the name; <see cref="Get"/>
/// turns it into the value it stands for.
/// </summary>
/// <remarks>
/// The option's own value is the name (a string), not <typeparamref name="T"/>, so that help prints a default as the
/// user types it (<c>[default: holm-sidak]</c>, not the enum member <c>HolmSidak</c>).
/// </remarks>
public sealed class ChoiceOption<T> : Option<string>
{
    /// <summary>An option without a default: <see cref="GetName"/> is null when it is not given.</summary>
    public ChoiceOption(string name, string description, ChoiceSet<T> choices) : base(name)
    {
        Choices = choices;
        Description = $"{description} Allowed: {choices.List}.";
        // Without a help name the help would derive <a|b|c> from the completions, sorted and without the order of the source.
        HelpName = name.TrimStart('-');
        CustomParser = Parse;
        CompletionSources.Add(_ => choices.Names.Select(n => new CompletionItem(n)));
    }

    /// <summary>An option whose value is <paramref name="defaultValue"/> when it is not given.</summary>
    public ChoiceOption(string name, string description, ChoiceSet<T> choices, T defaultValue) : this(name, description, choices)
    {
        string defaultName = choices.NameOf(defaultValue);
        DefaultValueFactory = _ => defaultName;
    }

    /// <summary>The names this option accepts.</summary>
    public ChoiceSet<T> Choices { get; }

    /// <summary>The listed name given (or the default), or null when the option has no default and was not given.</summary>
    public string? GetName(ParseResult parse) => parse.GetValue(this);

    /// <summary>The value given (or the default).</summary>
    public T Get(ParseResult parse) =>
        GetName(parse) is { } name ? Choices.Parse(name) : throw new InvalidOperationException($"{Name} has no default; use GetName");

    private string? Parse(ArgumentResult result)
    {
        if (result.Tokens.Count != 1) return null; // a missing value is reported by the arity check
        string given = result.Tokens[0].Value;
        if (Choices.TryParse(given, out var value)) return Choices.NameOf(value);
        result.AddError(Choices.UnknownValue(Name, given));
        return null;
    }
}

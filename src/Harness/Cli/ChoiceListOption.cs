using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;

namespace Ablation.Harness.Cli;

/// <summary>
/// An option that takes one or more names of a closed set, comma-separated (<c>--tests t,wilcoxon</c>): the
/// list form of <see cref="ChoiceOption{T}"/>, with the same description, completions and error format for each name.
/// </summary>
public sealed class ChoiceListOption<T> : Option<string>
{
    public ChoiceListOption(string name, string description, ChoiceSet<T> choices, params T[] defaultValues) : base(name)
    {
        Choices = choices;
        Description = $"{description} Comma-separated; allowed: {choices.List}.";
        // Without a help name the help would derive <a|b|c> from the completions, sorted and without the order of the source.
        HelpName = name.TrimStart('-');
        CustomParser = Parse;
        CompletionSources.Add(_ => choices.Names.Select(n => new CompletionItem(n)));
        if (defaultValues.Length > 0)
        {
            string defaults = string.Join(",", defaultValues.Select(choices.NameOf));
            DefaultValueFactory = _ => defaults;
        }
    }

    /// <summary>The names this option accepts.</summary>
    public ChoiceSet<T> Choices { get; }

    /// <summary>The values given (or the defaults), in the order given; empty when neither.</summary>
    public IReadOnlyList<T> Get(ParseResult parse) =>
        parse.GetValue(this) is { } names ? names.Split(',').Select(Choices.Parse).ToList() : [];

    private string? Parse(ArgumentResult result)
    {
        if (result.Tokens.Count != 1) return null; // a missing value is reported by the arity check
        string given = result.Tokens[0].Value;
        var names = new List<string>();
        foreach (var item in given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Choices.TryParse(item, out var value))
            {
                result.AddError(Choices.UnknownValue(Name, item));
                return null;
            }
            names.Add(Choices.NameOf(value));
        }
        if (names.Count == 0)
        {
            result.AddError($"{Name}: no value given; allowed: {Choices.List}");
            return null;
        }
        return string.Join(",", names);
    }
}

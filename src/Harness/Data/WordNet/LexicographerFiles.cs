namespace Ablation.Harness.Data.WordNet;

/// <summary>
/// The 45 lexicographer file names of WordNet 3.0, indexed by the two-digit <c>lex_filenum</c> of a synset.
/// Debian's wordnet-base does not ship the <c>lexnames</c> file, so the list from <c>man 5 lexnames</c> is
/// hard-coded here in file-number order.
/// </summary>
public static class LexicographerFiles
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
        "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling",
        "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object", "noun.person",
        "noun.phenomenon", "noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation",
        "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition",
        "verb.communication", "verb.competition", "verb.consumption", "verb.contact", "verb.creation",
        "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social", "verb.stative",
        "verb.weather", "adj.ppl",
    ];

    /// <summary>The name of lexicographer file <paramref name="number"/> (0–44).</summary>
    public static string NameOf(int number) =>
        number >= 0 && number < Names.Count
            ? Names[number]
            : throw new ArgumentOutOfRangeException(nameof(number), number, "WordNet 3.0 has lexicographer files 00 to 44");
}

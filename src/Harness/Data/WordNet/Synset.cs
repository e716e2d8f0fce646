namespace Ablation.Harness.Data.WordNet;

/// <summary>
/// A WordNet synset as stored in one line of a <c>data.*</c> file. <see cref="Id"/> is the POS letter of the
/// file (n, v, a, r; satellites live in the adjective file, so they get "a") followed by the 8-digit byte offset,
/// e.g. <c>n02084071</c>; it is unique and stable across runs.
/// </summary>
public sealed record Synset(
    string Id,
    char SynsetType,
    int LexFileNumber,
    IReadOnlyList<string> Lemmas,
    IReadOnlyList<SynsetPointer> Pointers,
    string Definition,
    IReadOnlyList<string> Examples)
{
    /// <summary>The lexicographer category, e.g. <c>noun.animal</c>.</summary>
    public string Category => LexicographerFiles.NameOf(LexFileNumber);

    /// <summary>The POS letter of the file the synset is stored in (n, v, a or r).</summary>
    public char FilePos => Id[0];

    /// <summary>Lemmas with underscores turned into spaces, for display and text.</summary>
    public IEnumerable<string> LemmaTexts => Lemmas.Select(l => l.Replace('_', ' '));
}

namespace Ablation.Harness.Data.Foldoc;

/// <summary>
/// A FOLDOC article: <see cref="Term"/> is its first headword as displayed, <see cref="Aliases"/> the other
/// display lines (abbreviations, spellings), <see cref="Categories"/> the tags of the leading <c>&lt;a, b&gt;</c>
/// group (possibly none), <see cref="Definition"/> the first paragraph as plain text (cross-reference braces
/// and URLs removed), <see cref="FullText"/> every paragraph as plain text (the trailing date dropped).
/// </summary>
public sealed record FoldocEntry(
    string Term,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> Categories,
    string Definition,
    string FullText)
{
    /// <summary>The first category, or null when the article has no category tag.</summary>
    public string? Category => Categories.Count > 0 ? Categories[0] : null;

    /// <summary>Stable id: the lower-cased term (FOLDOC terms are unique case-insensitively after merging aliases).</summary>
    public string Id => "foldoc:" + Term.ToLowerInvariant();
}

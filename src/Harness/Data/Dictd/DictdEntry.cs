namespace Ablation.Harness.Data.Dictd;

/// <summary>
/// One article of a dictd dictionary: its headwords (every index line pointing at the same article) and the
/// article text. <see cref="IndexLine"/> is the 1-based index line of the first headword, for error messages.
/// </summary>
public sealed record DictdEntry(IReadOnlyList<string> Headwords, string Text, long Offset, int IndexLine);

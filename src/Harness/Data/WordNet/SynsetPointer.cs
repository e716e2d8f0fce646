namespace Ablation.Harness.Data.WordNet;

/// <summary>
/// One pointer of a synset: <paramref name="Symbol"/> (e.g. <c>@</c> hypernym, <c>@i</c> instance hypernym,
/// <c>!</c> antonym) to the synset <paramref name="TargetId"/>. <paramref name="SourceWord"/> and
/// <paramref name="TargetWord"/> are 0 for a semantic pointer (synset to synset), else 1-based word numbers.
/// </summary>
public sealed record SynsetPointer(string Symbol, string TargetId, int SourceWord, int TargetWord)
{
    /// <summary>True for <c>@</c> and <c>@i</c>, the edges of the hypernym hierarchy.</summary>
    public bool IsHypernym => Symbol is "@" or "@i";
}

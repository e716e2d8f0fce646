using Ablation.Harness.Data.Foldoc;
using Ablation.Harness.Data.Splits;
using Ablation.Harness.Data.WordNet;

namespace Ablation.Harness.Data.Training;

/// <summary>
/// Builds training pairs from training-side items only (queries, positives and negatives alike), then drops any
/// pair that contains evaluation text (<see cref="LeakageIndex"/>).
/// Contrastive pairs: lemma(s) → definition, example sentence → definition, FOLDOC term → definition.
/// Reconstruction pairs run the other way, definition → the word(s) it defines, so that the embedding of the
/// query must carry what the decoder has to regenerate.
/// Hard negatives, in order of preference: a co-hyponym sibling, another sense of the same word, a synset of the
/// same lexicographer file (FOLDOC: an entry of the same category). Choices use salted hashes, so they are stable.
/// </summary>
public sealed class TrainingPairBuilder(BuildContext context)
{
    public const string LemmaInstruction = "Given a word or phrase, retrieve its dictionary definition";
    public const string ExampleInstruction = "Given a sentence, retrieve the definition of the sense in which its word is used";
    public const string FoldocInstruction = "Given a computing term, retrieve its dictionary definition";
    public const string ReconstructionInstruction = "Given a dictionary definition, reconstruct the word or term it defines";

    private readonly WordNetDatabase db = context.WordNet;

    /// <summary>Pairs dropped because they contained evaluation text.</summary>
    public int DroppedForLeakage { get; private set; }

    private bool IsTrain(Synset s) => !context.IsEval(s);

    /// <summary>One candidate (in their given, deterministic order) chosen by a salted hash of <paramref name="purpose"/>.</summary>
    private static T? Pick<T>(IEnumerable<T> candidates, string purpose) where T : class
    {
        var list = candidates as IReadOnlyList<T> ?? candidates.ToList();
        return list.Count == 0 ? null : list[(int)(StableHash.Of("pick", purpose) % (ulong)list.Count)];
    }

    private Synset? HardNegative(Synset synset, string? lemma, string purpose)
    {
        bool Usable(Synset o) => IsTrain(o) && o.Id != synset.Id && o.Definition != synset.Definition;
        return Pick(db.Siblings(synset).Where(Usable), purpose + "-sibling:" + synset.Id)
            ?? Pick((lemma is null ? synset.Lemmas : [lemma]).SelectMany(l => db.Senses(l, synset.FilePos)).Where(Usable), purpose + "-sense:" + synset.Id)
            ?? FirstFrom(SameCategory(synset.Category), Usable, purpose + "-category:" + synset.Id);
    }

    private Dictionary<string, List<Synset>>? byCategory;

    private List<Synset> SameCategory(string category)
    {
        byCategory ??= db.Synsets.Where(IsTrain).GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.ToList());
        return byCategory.TryGetValue(category, out var list) ? list : [];
    }

    /// <summary>The first usable item of <paramref name="list"/> from a hashed start position (cyclic): O(1) in the usual case.</summary>
    private static T? FirstFrom<T>(List<T> list, Func<T, bool> usable, string purpose) where T : class
    {
        if (list.Count == 0) return null;
        int start = (int)(StableHash.Of("pick", purpose) % (ulong)list.Count);
        for (int k = 0; k < list.Count; k++)
            if (usable(list[(start + k) % list.Count])) return list[(start + k) % list.Count];
        return null;
    }

    /// <summary>Contrastive pairs, deterministically shuffled.</summary>
    public List<TrainingPair> Contrastive()
    {
        var pairs = new List<TrainingPair>();
        foreach (var synset in db.Synsets.Where(IsTrain))
        {
            if (HardNegative(synset, null, "neg-lemma") is { } negative)
                pairs.Add(new TrainingPair(synset.Id, "wordnet-lemma-definition", LemmaInstruction,
                    string.Join(", ", synset.LemmaTexts), synset.Definition, negative.Definition));
            for (int e = 0; e < synset.Examples.Count; e++)
            {
                string example = synset.Examples[e];
                string? lemma = LemmaMatcher.LemmaIn(synset, example);
                if (HardNegative(synset, lemma?.Replace(' ', '_'), "neg-example") is { } exampleNegative)
                    pairs.Add(new TrainingPair(synset.Id + "#" + e, "wordnet-example-definition", ExampleInstruction,
                        lemma is null ? example : lemma + ": " + example, synset.Definition, exampleNegative.Definition));
            }
        }
        pairs.AddRange(FoldocPairs((entry, negative) => new TrainingPair(entry.Id, "foldoc-term-definition", FoldocInstruction,
            entry.Term, entry.Definition, negative.Definition)));
        return Finish(pairs, "contrastive-order");
    }

    /// <summary>Reconstruction pairs (definition → word), deterministically shuffled.</summary>
    public List<TrainingPair> Reconstruction()
    {
        var pairs = new List<TrainingPair>();
        foreach (var synset in db.Synsets.Where(IsTrain))
            if (HardNegative(synset, null, "neg-lemma") is { } negative)
                pairs.Add(new TrainingPair(synset.Id, "wordnet-definition-lemma", ReconstructionInstruction,
                    synset.Definition, string.Join(", ", synset.LemmaTexts), string.Join(", ", negative.LemmaTexts)));
        pairs.AddRange(FoldocPairs((entry, negative) => new TrainingPair(entry.Id, "foldoc-definition-term", ReconstructionInstruction,
            entry.Definition, entry.Term, negative.Term)));
        return Finish(pairs, "reconstruction-order");
    }

    private IEnumerable<TrainingPair> FoldocPairs(Func<FoldocEntry, FoldocEntry, TrainingPair> make)
    {
        var train = context.Foldoc.Where(e => !context.IsEval(e)).ToList();
        var byCategory = train.GroupBy(e => e.Category ?? "(none)").ToDictionary(g => g.Key, g => g.ToList());
        foreach (var entry in train)
        {
            var negative = FirstFrom(byCategory[entry.Category ?? "(none)"], o => o.Id != entry.Id && o.Definition != entry.Definition, "neg-foldoc:" + entry.Id);
            if (negative is not null) yield return make(entry, negative);
        }
    }

    private List<TrainingPair> Finish(List<TrainingPair> pairs, string purpose)
    {
        var clean = pairs.Where(p => !(context.EvalTexts.Leaks(p.Query) || context.EvalTexts.Leaks(p.Positive) || context.EvalTexts.Leaks(p.Negative))).ToList();
        DroppedForLeakage += pairs.Count - clean.Count;
        return StableHash.Shuffle(clean, p => p.Kind + ":" + p.Id, purpose);
    }
}

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

    private static T? Pick<T>(IEnumerable<T> candidates, Func<T, string> key, string purpose) where T : class =>
        StableHash.Shuffle(candidates, key, purpose).FirstOrDefault();

    private Synset? HardNegative(Synset synset, string? lemma, string purpose)
    {
        bool Usable(Synset o) => IsTrain(o) && o.Id != synset.Id && o.Definition != synset.Definition;
        return Pick(db.Siblings(synset).Where(Usable), s => s.Id, purpose + "-sibling")
            ?? Pick((lemma is null ? synset.Lemmas : [lemma]).SelectMany(l => db.Senses(l, synset.FilePos)).Where(Usable), s => s.Id, purpose + "-sense")
            ?? Pick(SameCategory(synset.Category).Where(Usable), s => s.Id, purpose + "-category:" + synset.Id);
    }

    private Dictionary<string, List<Synset>>? byCategory;

    private IEnumerable<Synset> SameCategory(string category)
    {
        byCategory ??= db.Synsets.Where(IsTrain).GroupBy(s => s.Category).ToDictionary(g => g.Key, g => g.ToList());
        // A fixed window of the category keeps the hash pick cheap; the window itself depends on the category only.
        return byCategory.TryGetValue(category, out var list) ? list.Take(64) : [];
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
        var byCategory = train.GroupBy(e => e.Category ?? "(none)").ToDictionary(g => g.Key, g => g.Take(64).ToList());
        foreach (var entry in train)
        {
            var negative = Pick(byCategory[entry.Category ?? "(none)"].Where(o => o.Id != entry.Id && o.Definition != entry.Definition), o => o.Id, "neg-foldoc:" + entry.Id);
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

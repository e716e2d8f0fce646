using Ablation.Harness.Data.Splits;
using Ablation.Harness.Data.WordNet;

namespace Ablation.Harness.Data.Tasks;

/// <summary>
/// The WordNet tasks of the built-in suite. Every item comes from evaluation-side synsets only, chosen in a
/// deterministic hash order with a purpose-specific salt. The one exception is documented: the reranking task's
/// wrong candidates are the other senses of the word, whichever side of the split they are on.
/// </summary>
public sealed class WordNetTaskBuilder(BuildContext context, string suiteFolder)
{
    private readonly WordNetDatabase db = context.WordNet;
    private readonly BuildOptions options = context.Options;

    private List<Synset> EvalSynsets(string purpose, Func<Synset, bool>? filter = null) =>
        StableHash.Shuffle(db.Synsets.Where(s => context.IsEval(s) && (filter?.Invoke(s) ?? true)), s => s.Id, purpose);

    private static string LemmaDocument(Synset s) => string.Join(", ", s.LemmaTexts) + ": " + string.Join(" ", s.Examples);

    /// <summary>Reverse dictionary: definition → "lemmas: examples" document.</summary>
    public TaskSpec ReverseDictionaryRetrieval()
    {
        const string name = "WordNetReverseDictionaryRetrieval";
        var writer = new TaskFolderWriter(suiteFolder, name);
        var documents = EvalSynsets("task-wn-revdict", s => s.Examples.Count > 0).Take(options.Scaled(3000)).ToList();
        var queries = StableHash.Shuffle(documents, s => s.Id, "task-wn-revdict-queries").Take(options.Scaled(600)).ToList();
        int corpus = writer.WriteJsonl("corpus.jsonl", documents.Select(s => new { _id = s.Id, title = "", text = LemmaDocument(s) }));
        int q = writer.WriteJsonl("queries.jsonl", queries.Select(s => new { _id = "q" + s.Id, text = s.Definition }));
        int qrels = writer.WriteQrels("qrels/test.tsv", queries.Select(s => ("q" + s.Id, s.Id, 1)));
        var spec = new TaskSpec(name, "retrieval", "ndcg_at_10", "test",
            "Given a dictionary definition, retrieve the words it defines and sentences that use them",
            "Reverse dictionary: a WordNet 3.0 definition retrieves the entry '<lemmas>: <example sentences>' of its synset.",
            false, RetrievalFiles, new Dictionary<string, int> { ["corpus"] = corpus, ["queries"] = q, ["qrels"] = qrels });
        writer.WriteSpec(spec);
        return spec;
    }

    /// <summary>Word-sense reranking: "lemma: example" → the definitions of the lemma's senses (same POS).</summary>
    public TaskSpec SenseReranking()
    {
        const string name = "WordNetSenseReranking";
        var writer = new TaskFolderWriter(suiteFolder, name);
        var rows = new List<object>();
        foreach (var synset in EvalSynsets("task-wn-rerank", s => s.Examples.Count > 0))
        {
            if (rows.Count >= options.Scaled(1000)) break;
            foreach (string example in synset.Examples)
            {
                string? lemma = LemmaMatcher.LemmaIn(synset, example);
                if (lemma is null) continue;
                var others = db.Senses(lemma, synset.FilePos).Where(o => o.Id != synset.Id && o.Definition != synset.Definition).ToList();
                if (others.Count == 0) continue;
                rows.Add(new
                {
                    id = synset.Id,
                    query = lemma + ": " + example,
                    positive = new[] { synset.Definition },
                    negative = others.Select(o => o.Definition).Distinct().ToArray(),
                });
                break; // one query per synset keeps items independent
            }
        }
        int n = writer.WriteJsonl("test.jsonl", rows);
        var spec = new TaskSpec(name, "reranking", "map", "test",
            "Given a word and a sentence that uses it, retrieve the definition of the sense in which the word is used",
            "Word-sense disambiguation as reranking: candidates are the WordNet 3.0 definitions of every sense of the word with the same part of speech.",
            false, new Dictionary<string, string> { ["test"] = "test.jsonl" }, new Dictionary<string, int> { ["test"] = n });
        writer.WriteSpec(spec);
        return spec;
    }

    /// <summary>Definition → lexicographer file, over categories with enough evaluation synsets.</summary>
    public TaskSpec LexnameClassification()
    {
        const string name = "WordNetLexnameClassification";
        var writer = new TaskFolderWriter(suiteFolder, name);
        int trainPer = options.Scaled(32), testPer = options.Scaled(60);
        var train = new List<Synset>();
        var test = new List<Synset>();
        foreach (var group in EvalSynsets("task-wn-lexclass").GroupBy(s => s.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var items = group.ToList();
            if (items.Count < trainPer + testPer / 2) continue; // too small a class to train and test on
            train.AddRange(items.Take(trainPer));
            test.AddRange(items.Skip(trainPer).Take(testPer));
        }
        static object Row(Synset s) => new { id = s.Id, text = s.Definition, label = s.Category };
        int nTrain = writer.WriteJsonl("train.jsonl", StableHash.Shuffle(train, s => s.Id, "order").Select(Row));
        int nTest = writer.WriteJsonl("test.jsonl", StableHash.Shuffle(test, s => s.Id, "order").Select(Row));
        var spec = new TaskSpec(name, "classification", "accuracy", "test",
            "Classify the dictionary definition into its WordNet lexicographer category",
            "A WordNet 3.0 definition is classified into its lexicographer file (e.g. noun.animal, verb.motion); classes with too few held-out synsets are left out.",
            false, new Dictionary<string, string> { ["train"] = "train.jsonl", ["test"] = "test.jsonl" },
            new Dictionary<string, int> { ["train"] = nTrain, ["test"] = nTest });
        writer.WriteSpec(spec);
        return spec;
    }

    /// <summary>Noun definitions clustered by their 26 noun lexicographer files.</summary>
    public TaskSpec LexnameClustering()
    {
        const string name = "WordNetNounLexnameClustering";
        var writer = new TaskFolderWriter(suiteFolder, name);
        int perClass = options.Scaled(80);
        var rows = EvalSynsets("task-wn-cluster", s => s.FilePos == 'n')
            .GroupBy(s => s.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Take(perClass))
            .ToList();
        int n = writer.WriteJsonl("test.jsonl", StableHash.Shuffle(rows, s => s.Id, "order").Select(s => new { id = s.Id, sentences = s.Definition, labels = s.Category }));
        var spec = new TaskSpec(name, "clustering", "v_measure", "test",
            "Identify the semantic category of the noun defined by this definition",
            "WordNet 3.0 noun definitions clustered by their 26 noun lexicographer files (at most a fixed number per class).",
            false, new Dictionary<string, string> { ["test"] = "test.jsonl" }, new Dictionary<string, int> { ["test"] = n });
        writer.WriteSpec(spec);
        return spec;
    }

    /// <summary>Two example sentences using the same word: same sense (1) or different senses (0), balanced.</summary>
    public TaskSpec SameSensePairClassification()
    {
        const string name = "WordNetSameSensePairClassification";
        var writer = new TaskFolderWriter(suiteFolder, name);
        int perLabel = options.Scaled(600);
        var positives = new List<(string Id, string A, string B)>();
        var negatives = new List<(string Id, string A, string B)>();
        // (lemma, pos) → evaluation-side (synset, example) uses, in file order.
        var uses = new Dictionary<string, List<(Synset Synset, string Example)>>(StringComparer.Ordinal);
        foreach (var synset in db.Synsets.Where(s => context.IsEval(s) && s.Examples.Count > 0))
            foreach (string example in synset.Examples)
                if (LemmaMatcher.LemmaIn(synset, example) is { } lemma)
                {
                    string key = synset.FilePos + ":" + lemma.ToLowerInvariant();
                    if (!uses.TryGetValue(key, out var list)) uses[key] = list = [];
                    list.Add((synset, lemma + ": " + example));
                }
        foreach (var (key, list) in uses.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            for (int i = 0; i < list.Count; i++)
                for (int j = i + 1; j < list.Count; j++)
                {
                    var pair = (key + "|" + i + "|" + j, list[i].Example, list[j].Example);
                    if (list[i].Synset.Id == list[j].Synset.Id) positives.Add(pair);
                    else negatives.Add(pair);
                }
        }
        int take = Math.Min(perLabel, Math.Min(positives.Count, negatives.Count));
        var rows = StableHash.Shuffle(positives, p => p.Id, "task-wn-wic-pos").Take(take).Select(p => (p.Id, p.A, p.B, Label: 1))
            .Concat(StableHash.Shuffle(negatives, p => p.Id, "task-wn-wic-neg").Take(take).Select(p => (p.Id, p.A, p.B, Label: 0)));
        int n = writer.WriteJsonl("test.jsonl", StableHash.Shuffle(rows, r => r.Id, "order")
            .Select(r => new { id = r.Id, sentence1 = r.A, sentence2 = r.B, labels = r.Label }));
        var spec = new TaskSpec(name, "pair_classification", "max_ap", "test",
            "Given two sentences that use the same word, retrieve sentences that use the word in the same sense",
            "WiC-style: two WordNet 3.0 example sentences that use the same word (prefixed with it); label 1 if both illustrate the same synset. Balanced classes.",
            false, new Dictionary<string, string> { ["test"] = "test.jsonl" }, new Dictionary<string, int> { ["test"] = n });
        writer.WriteSpec(spec);
        return spec;
    }

    /// <summary>
    /// Synthetic graded similarity: pairs of noun definitions scored 0–5 by 5 × Wu–Palmer similarity of their
    /// synsets. The labels are computed from the hierarchy, not judged by people. Pairs are drawn in three equal
    /// parts (same grandparent, same lexicographer file, anything) so that the scores cover the range.
    /// </summary>
    public TaskSpec WuPalmerSyntheticSts()
    {
        const string name = "WordNetWuPalmerSyntheticSTS";
        var writer = new TaskFolderWriter(suiteFolder, name);
        int perBand = options.Scaled(400);
        var nouns = EvalSynsets("task-wn-sts", s => s.FilePos == 'n' && db.Hypernyms(s).Any());
        var pairs = new List<(Synset A, Synset B)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        void AddFromGroups(IEnumerable<IEnumerable<Synset>> groups, int perGroup)
        {
            int added = 0;
            foreach (var group in groups)
            {
                var members = group.ToList();
                for (int i = 0, inGroup = 0; i + 1 < members.Count && inGroup < perGroup && added < perBand; i += 2)
                {
                    if (!used.Add(members[i].Id + "|" + members[i + 1].Id)) continue;
                    pairs.Add((members[i], members[i + 1]));
                    added++;
                    inGroup++;
                }
                if (added >= perBand) break;
            }
        }
        string Grandparent(Synset s) => db.Ancestors(s).Where(kv => kv.Value == 2).Select(kv => kv.Key).OrderBy(k => k, StringComparer.Ordinal).FirstOrDefault() ?? s.Id;
        // Close pairs: same grandparent (siblings or cousins).
        AddFromGroups(nouns.GroupBy(Grandparent).Where(g => g.Count() >= 2).OrderBy(g => StableHash.Of("sts-close", g.Key)), perGroup: 2);
        // Middle: same lexicographer file, spread over the files.
        var byCategory = StableHash.Shuffle(nouns, s => s.Id, "sts-category").GroupBy(s => s.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        AddFromGroups(byCategory, perGroup: perBand / Math.Max(1, byCategory.Count) + 1);
        // Far: any two nouns.
        AddFromGroups([StableHash.Shuffle(nouns, s => s.Id, "sts-random")], perGroup: perBand);
        int n = writer.WriteJsonl("test.jsonl", StableHash.Shuffle(pairs, p => p.A.Id + "|" + p.B.Id, "order").Select(p => new
        {
            id = p.A.Id + "|" + p.B.Id,
            sentence1 = p.A.Definition,
            sentence2 = p.B.Definition,
            score = Math.Round(5 * db.WuPalmer(p.A, p.B), 4),
        }));
        var spec = new TaskSpec(name, "sts", "cosine_spearman", "test",
            "Retrieve definitions of concepts similar to the one defined",
            "SYNTHETIC labels: pairs of WordNet 3.0 noun definitions scored 0-5 as 5 x Wu-Palmer similarity of their synsets in the hypernym hierarchy. The scores are algorithmic, not human similarity judgements.",
            true, new Dictionary<string, string> { ["test"] = "test.jsonl" }, new Dictionary<string, int> { ["test"] = n })
        {
            MinScore = 0,
            MaxScore = 5,
        };
        writer.WriteSpec(spec);
        return spec;
    }

    private static readonly IReadOnlyDictionary<string, string> RetrievalFiles = new Dictionary<string, string>
    {
        ["corpus"] = "corpus.jsonl",
        ["queries"] = "queries.jsonl",
        ["qrels"] = "qrels/test.tsv",
    };

    /// <summary>Shared by the FOLDOC retrieval task.</summary>
    internal static IReadOnlyDictionary<string, string> BeirFiles => RetrievalFiles;
}

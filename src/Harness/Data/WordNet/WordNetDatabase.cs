namespace Ablation.Harness.Data.WordNet;

/// <summary>
/// All synsets of the four WordNet data files with the look-ups the built-in data needs: by id, by lemma
/// (senses of a word), hypernyms, co-hyponym siblings and Wu–Palmer similarity. Orders are file orders, so
/// everything derived from it is deterministic.
/// </summary>
public sealed class WordNetDatabase
{
    /// <summary>The data files in the order they are read.</summary>
    public static IReadOnlyList<string> DataFileNames { get; } = ["data.noun", "data.verb", "data.adj", "data.adv"];

    private readonly Dictionary<string, Synset> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Synset>> byLemma = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Synset>> hyponyms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> ancestorCache = new(StringComparer.Ordinal);

    public WordNetDatabase(IEnumerable<Synset> synsets)
    {
        foreach (var synset in synsets)
        {
            if (!byId.TryAdd(synset.Id, synset))
                throw new InvalidDataException($"WordNet synset {synset.Id} appears twice");
            Synsets.Add(synset);
            foreach (string lemma in synset.Lemmas.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                string key = LemmaKey(lemma, synset.FilePos);
                if (!byLemma.TryGetValue(key, out var senses)) byLemma[key] = senses = [];
                senses.Add(synset);
            }
        }
        foreach (var synset in Synsets)
            foreach (var hypernym in Hypernyms(synset))
            {
                if (!hyponyms.TryGetValue(hypernym.Id, out var children)) hyponyms[hypernym.Id] = children = [];
                children.Add(synset);
            }
    }

    /// <summary>Loads data.noun, data.verb, data.adj and data.adv from <paramref name="folder"/>.</summary>
    public static WordNetDatabase Load(string folder) =>
        new(DataFileNames.SelectMany(name => WordNetDataParser.ReadFile(Path.Combine(folder, name))));

    /// <summary>Every synset, in file order (noun, verb, adj, adv).</summary>
    public List<Synset> Synsets { get; } = [];

    public Synset this[string id] => byId[id];

    public bool TryGet(string id, out Synset synset) => byId.TryGetValue(id, out synset!);

    /// <summary>The senses of <paramref name="lemma"/> (case-insensitive, '_' or ' ') with POS file letter <paramref name="filePos"/>.</summary>
    public IReadOnlyList<Synset> Senses(string lemma, char filePos) =>
        byLemma.TryGetValue(LemmaKey(lemma, filePos), out var senses) ? senses : [];

    /// <summary>Hypernyms (<c>@</c> and <c>@i</c>) that exist in the database.</summary>
    public IEnumerable<Synset> Hypernyms(Synset synset) =>
        synset.Pointers.Where(p => p.IsHypernym && byId.ContainsKey(p.TargetId)).Select(p => byId[p.TargetId]);

    /// <summary>Co-hyponyms: other synsets sharing a hypernym with <paramref name="synset"/>, in file order, no duplicates.</summary>
    public IEnumerable<Synset> Siblings(Synset synset) =>
        Hypernyms(synset)
            .SelectMany(h => hyponyms.TryGetValue(h.Id, out var children) ? children : [])
            .Where(s => s.Id != synset.Id)
            .DistinctBy(s => s.Id);

    /// <summary>
    /// Wu–Palmer similarity over the hypernym graph: 2·d(lcs) / (dist(a,lcs) + dist(b,lcs) + 2·d(lcs)), where d is
    /// the depth counted in nodes (a root has depth 1), dist is the shortest number of hypernym edges, and the
    /// lcs is the common ancestor with the greatest depth (ties: the shortest total distance). 0 when the two
    /// synsets share no ancestor (e.g. different POS, or verbs in different trees).
    /// </summary>
    public double WuPalmer(Synset a, Synset b)
    {
        var up = Ancestors(a);
        var down = Ancestors(b);
        double best = 0;
        foreach (var (id, distA) in up)
        {
            if (!down.TryGetValue(id, out int distB)) continue;
            int depth = Depth(byId[id]);
            double score = 2.0 * depth / (distA + distB + 2.0 * depth);
            if (score > best) best = score;
        }
        return best;
    }

    /// <summary>Depth in nodes: 1 for a synset without hypernyms, else 1 + the shortest path to a root.</summary>
    public int Depth(Synset synset) =>
        1 + Ancestors(synset).Where(kv => !Hypernyms(byId[kv.Key]).Any()).Select(kv => kv.Value).DefaultIfEmpty(0).Min();

    /// <summary>Every ancestor (including the synset itself at distance 0) with its shortest hypernym distance.</summary>
    public IReadOnlyDictionary<string, int> Ancestors(Synset synset)
    {
        lock (ancestorCache)
        {
            if (ancestorCache.TryGetValue(synset.Id, out var cached)) return cached;
            var distances = new Dictionary<string, int>(StringComparer.Ordinal) { [synset.Id] = 0 };
            var frontier = new Queue<Synset>();
            frontier.Enqueue(synset);
            while (frontier.Count > 0)
            {
                var current = frontier.Dequeue();
                foreach (var parent in Hypernyms(current))
                    if (distances.TryAdd(parent.Id, distances[current.Id] + 1))
                        frontier.Enqueue(parent);
            }
            ancestorCache[synset.Id] = distances;
            return distances;
        }
    }

    private static string LemmaKey(string lemma, char filePos) => filePos + ":" + lemma.Replace(' ', '_').ToLowerInvariant();
}

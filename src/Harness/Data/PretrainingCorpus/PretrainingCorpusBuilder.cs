using Ablation.Harness.Data.Gcide;
using Ablation.Harness.Data.Splits;
using Ablation.Harness.IO;

namespace Ablation.Harness.Data.PretrainingCorpus;

/// <summary>
/// Writes the pretraining corpus of the tiny base model: <c>train.txt</c> and <c>heldout.txt</c>, one document per
/// line. Documents are training-side WordNet synsets ("lemmas (pos): definition "examples""), training-side FOLDOC
/// articles and (when installed) GCIDE articles not taken from WordNet. A document that contains evaluation text is
/// dropped. Each remaining document goes to held-out by a salted hash of its key, and the order is a salted hash
/// order, so any prefix of train.txt mixes the sources.
/// </summary>
public sealed class PretrainingCorpusBuilder(BuildContext context, string? gcideIndex)
{
    /// <summary>Counts for the manifest: documents and words per file, documents dropped for leakage, per source.</summary>
    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal);

    public void Write(string folder)
    {
        var documents = new List<(string Key, string Text)>();
        foreach (var synset in context.WordNet.Synsets.Where(s => !context.IsEval(s)))
        {
            string examples = string.Concat(synset.Examples.Select(e => " \"" + e + "\""));
            documents.Add(("wordnet:" + synset.Id, $"{string.Join(", ", synset.LemmaTexts)} ({PosName(synset.SynsetType)}): {synset.Definition}.{examples}"));
        }
        foreach (var entry in context.Foldoc.Where(e => !context.IsEval(e)))
            documents.Add((entry.Id, $"{entry.Term}: {entry.FullText}"));
        if (gcideIndex is not null) documents.AddRange(GcideText.Read(gcideIndex));

        var train = new List<(string Key, string Text)>();
        var heldOut = new List<(string Key, string Text)>();
        ulong heldOutBelow = (ulong)(context.Options.PretrainingHeldOutFraction * ulong.MaxValue);
        var leaked = new bool[documents.Count];
        Parallel.For(0, documents.Count, i => leaked[i] = context.EvalTexts.Leaks(documents[i].Text));
        for (int i = 0; i < documents.Count; i++)
        {
            var doc = documents[i];
            string source = doc.Key[..doc.Key.IndexOf(':')];
            if (leaked[i]) { Add("dropped_for_leakage." + source, 1); continue; }
            (StableHash.Of("pretraining-heldout", doc.Key) < heldOutBelow ? heldOut : train).Add(doc);
            Add("documents." + source, 1);
        }
        WriteFile(Path.Combine(folder, "train.txt"), train, "train");
        WriteFile(Path.Combine(folder, "heldout.txt"), heldOut, "heldout");
    }

    private void WriteFile(string path, List<(string Key, string Text)> documents, string label)
    {
        var ordered = StableHash.Shuffle(documents, d => d.Key, "pretraining-order");
        long words = 0;
        AtomicFile.WriteText(path, writer =>
        {
            foreach (var (_, text) in ordered)
            {
                string line = text.Replace('\n', ' ').Replace('\r', ' ');
                writer.WriteLine(line);
                words += line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            }
        });
        Add(label + ".documents", ordered.Count);
        Add(label + ".words", words);
    }

    private void Add(string key, long value) => Counts[key] = Counts.GetValueOrDefault(key) + value;

    private static string PosName(char type) => type switch
    {
        'n' => "noun",
        'v' => "verb",
        'a' or 's' => "adjective",
        'r' => "adverb",
        _ => "word",
    };
}

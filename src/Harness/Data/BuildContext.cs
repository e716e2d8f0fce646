using Ablation.Harness.Data.Foldoc;
using Ablation.Harness.Data.Splits;
using Ablation.Harness.Data.WordNet;

namespace Ablation.Harness.Data;

/// <summary>The parsed sources and their train/eval split, shared by every task and training-data builder.</summary>
public sealed class BuildContext
{
    public BuildContext(WordNetDatabase wordNet, List<FoldocEntry> foldoc, BuildOptions options)
    {
        WordNet = wordNet;
        Foldoc = foldoc;
        Options = options;
        // The split comes first: everything after it only ever looks at one side.
        WordNetSplit = StratifiedSplitter.Assign(wordNet.Synsets, s => s.Id, s => s.Category, options.WordNetEvalFraction, "split-wordnet");
        FoldocSplit = StratifiedSplitter.Assign(foldoc, f => f.Id, f => f.Category ?? "(none)", options.FoldocEvalFraction, "split-foldoc");
        foreach (var synset in wordNet.Synsets.Where(IsEval))
        {
            EvalTexts.Add(synset.Definition);
            foreach (string example in synset.Examples) EvalTexts.Add(example);
        }
        foreach (var entry in foldoc.Where(IsEval))
        {
            EvalTexts.Add(entry.Definition);
            EvalTexts.Add(entry.FullText);
        }
    }

    public WordNetDatabase WordNet { get; }
    public List<FoldocEntry> Foldoc { get; }
    public BuildOptions Options { get; }
    public Dictionary<string, DataSplit> WordNetSplit { get; }
    public Dictionary<string, DataSplit> FoldocSplit { get; }

    /// <summary>Every text of every evaluation-side item; training text must not contain any of them.</summary>
    public LeakageIndex EvalTexts { get; } = new();

    public bool IsEval(Synset synset) => WordNetSplit[synset.Id] == DataSplit.Eval;
    public bool IsEval(FoldocEntry entry) => FoldocSplit[entry.Id] == DataSplit.Eval;
}

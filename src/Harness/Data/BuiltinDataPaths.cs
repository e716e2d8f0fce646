namespace Ablation.Harness.Data;

/// <summary>Where a built-in data build put its parts (all under <see cref="Root"/>).</summary>
public sealed record BuiltinDataPaths(string Root)
{
    /// <summary>The evaluation suite: suite.json and one folder per task.</summary>
    public string SuiteFolder => Path.Combine(Root, "suite");

    public string ContrastivePairsPath => Path.Combine(Root, "training", "contrastive-pairs.jsonl");

    public string ReconstructionPairsPath => Path.Combine(Root, "training", "reconstruction-pairs.jsonl");

    /// <summary>train.txt and heldout.txt, one document per line.</summary>
    public string PretrainingFolder => Path.Combine(Root, "pretraining");

    public string ManifestPath => Path.Combine(Root, "manifest.json");
}

namespace Ablation.Harness.Training.Spec;

/// <summary>
/// <c>data</c>: <c>train</c> is <c>builtin:wordnet-pairs</c> or a JSONL / Parquet file or folder of shards of
/// training pairs; <c>reconstruction_train</c> is the pair set the reconstruction stage reads (null = <c>train</c>);
/// <c>eval_suite</c> is <c>builtin:default</c> or a folder of MTEB/BEIR-style tasks.
/// </summary>
public sealed record DataSpec
{
    /// <summary><c>train</c></summary>
    public string Train { get; init; } = "builtin:wordnet-pairs";

    /// <summary><c>reconstruction_train</c></summary>
    public string? ReconstructionTrain { get; init; }

    /// <summary><c>eval_suite</c></summary>
    public string EvalSuite { get; init; } = "builtin:default";
}

namespace Ablation.Harness.Data.Training;

/// <summary>
/// One training example as the training stages consume it, whatever file it came from (built-in pairs, JSONL,
/// Parquet): a <see cref="Query"/> (encoded with <see cref="Instruction"/> in front when there is one), its
/// <see cref="Positive"/> document, zero or more hard <see cref="Negatives"/>, and the source <see cref="Dataset"/>
/// (for homogeneous batches; empty when the records name none). <see cref="Source"/> says where it came from
/// (file and line or row) for error messages.
/// </summary>
public sealed record TrainingExample(
    string Query,
    string Positive,
    IReadOnlyList<string> Negatives,
    string Instruction,
    string Dataset,
    string Source);

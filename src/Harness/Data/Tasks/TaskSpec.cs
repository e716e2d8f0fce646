using System.Text.Json.Serialization;

namespace Ablation.Harness.Data.Tasks;

/// <summary>
/// The <c>task.json</c> of one task folder: MTEB type (Retrieval, Reranking, Classification, Clustering,
/// PairClassification, STS), main score, split, the instruction to prepend to queries, and the data files
/// relative to the task folder (keys: corpus/queries/qrels for retrieval, train/test otherwise).
/// </summary>
public sealed record TaskSpec(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("main_score")] string MainScore,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("instruction")] string Instruction,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("synthetic_labels")] bool SyntheticLabels,
    [property: JsonPropertyName("files")] IReadOnlyDictionary<string, string> Files,
    [property: JsonPropertyName("n")] IReadOnlyDictionary<string, int> Counts);

using System.Text.Json.Serialization;

namespace Ablation.Harness.Data.Tasks;

/// <summary>
/// The <c>task.json</c> of one task folder, in the evaluation loader's format (docs/task-format.md): task type,
/// main score, split, the instruction to prepend to queries, a description and the data files relative to the
/// task folder (corpus/queries/qrels for retrieval, train/test otherwise). STS tasks also give their score range.
/// <see cref="Counts"/> and <see cref="SyntheticLabels"/> go into manifest.json, not task.json.
/// </summary>
public sealed record TaskSpec(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("main_score")] string MainScore,
    [property: JsonPropertyName("split")] string Split,
    [property: JsonPropertyName("instruction")] string Instruction,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonIgnore] bool SyntheticLabels,
    [property: JsonPropertyName("files")] IReadOnlyDictionary<string, string> Files,
    [property: JsonIgnore] IReadOnlyDictionary<string, int> Counts)
{
    [JsonPropertyName("min_score")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MinScore { get; init; }

    [JsonPropertyName("max_score")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MaxScore { get; init; }
}

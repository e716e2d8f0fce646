using System.Text.Json.Serialization;

namespace Ablation.Harness.Data.Training;

/// <summary>
/// One training example: <see cref="Query"/> (prepend <see cref="Instruction"/> when encoding it), its
/// <see cref="Positive"/> and a <see cref="Negative"/> that is hard (a sibling concept or another sense of the
/// same word). <see cref="Kind"/> names the construction, <see cref="Id"/> the source item.
/// </summary>
public sealed record TrainingPair(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("instruction")] string Instruction,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("positive")] string Positive,
    [property: JsonPropertyName("negative")] string Negative);

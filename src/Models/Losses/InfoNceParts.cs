using Ablation.Torch;

namespace Ablation.Models.Losses;

/// <summary>An <see cref="InfoNceLoss"/> result: the loss to minimise and its directions (<see cref="DocToQuery"/> is null unless symmetric).</summary>
public sealed record InfoNceParts(Tensor Loss, Tensor QueryToDoc, Tensor? DocToQuery);

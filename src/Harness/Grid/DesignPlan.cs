using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Grid;

/// <summary>
/// One design of a grid: a readable name (a named design's own, or <c>pooling=mean,attention=causal</c> for a point
/// of the axes), the settings that define it (dotted name → value, as chosen by the design, the axes or an include
/// entry), and its resolved spec before the seed is set.
/// </summary>
public sealed record DesignPlan(string Name, IReadOnlyList<KeyValuePair<string, object?>> Settings, ModelSpec Spec);

namespace Ablation.Harness.Evaluation.Tasks;

/// <summary>Texts with labels: a classification split or a clustering set.</summary>
public sealed record LabelledTexts(IReadOnlyList<string> Ids, IReadOnlyList<string> Texts, IReadOnlyList<string> Labels);

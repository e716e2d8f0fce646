namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>Which side of a task a text is on; asymmetric models and instructions treat them differently.</summary>
public enum EncodeKind
{
    Query,
    Document,
}

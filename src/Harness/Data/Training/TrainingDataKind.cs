namespace Ablation.Harness.Data.Training;

/// <summary>
/// Which stage the examples are for. It picks the file behind a built-in name (<c>builtin:wordnet-pairs</c> has
/// one file of contrastive pairs and one of reconstruction pairs); a user's file is read the same way for both.
/// </summary>
public enum TrainingDataKind
{
    /// <summary>Query, positive and hard negatives for the InfoNCE stage.</summary>
    Contrastive,

    /// <summary>Query and positive for the EBQ2D / EBD2Q reconstruction stage (negatives are read but unused).</summary>
    Reconstruction,
}

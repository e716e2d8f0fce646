namespace Ablation.Harness.Data.Splits;

/// <summary>Which side of the train/evaluation wall an item is on.</summary>
public enum DataSplit
{
    /// <summary>May appear in training pairs and in the pretraining corpus.</summary>
    Train,

    /// <summary>Only in the evaluation suite; its text never appears in training data.</summary>
    Eval,
}

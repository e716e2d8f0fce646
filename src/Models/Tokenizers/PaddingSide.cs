namespace Ablation.Models.Tokenizers;

/// <summary>Where pad tokens go in a batch row.</summary>
public enum PaddingSide
{
    /// <summary>Text first, pads after it (the last real token sits at <c>length - 1</c>).</summary>
    Right,

    /// <summary>Pads first, text after them (the last real token sits at <c>seqLen - 1</c> in every row).</summary>
    Left,
}

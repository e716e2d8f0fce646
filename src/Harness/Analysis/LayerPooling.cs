namespace Ablation.Harness.Analysis;

/// <summary>
/// The two parameter-free ways the layer analysis reads one vector per text from a hidden layer: the state of the
/// last real token (the appended EOS; <c>eos_last</c>) and the masked mean over real tokens (<c>mean</c>). They are
/// the model's own <c>eos_last</c> and <c>mean</c> pooling heads applied to one layer at a time.
/// </summary>
public static class LayerPooling
{
    public const string EosLast = "eos_last";
    public const string Mean = "mean";

    /// <summary>Both variants, in the order of every output (CSV rows, figures).</summary>
    public static readonly IReadOnlyList<string> All = [EosLast, Mean];

    /// <summary>How a figure title names the variant.</summary>
    public static string Title(string pooling) => pooling switch
    {
        EosLast => "EOS-last",
        Mean => "mean-pooled",
        CosineVariants.Tokens => "every token",
        _ => pooling,
    };
}

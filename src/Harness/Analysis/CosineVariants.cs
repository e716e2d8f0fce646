namespace Ablation.Harness.Analysis;

/// <summary>
/// The rows of <c>cosine.csv</c>: mean cosine between two layers' vectors of the same text, for the EOS-last and the
/// mean-pooled vector, and the mean per-token cosine over every real token of every sampled text (<c>tokens</c>).
/// </summary>
public static class CosineVariants
{
    public const string Tokens = "tokens";

    public static readonly IReadOnlyList<string> All = [LayerPooling.EosLast, LayerPooling.Mean, Tokens];
}

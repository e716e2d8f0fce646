namespace Ablation.Models.Pooling;

/// <summary>
/// Sizes of the trainable pooling heads (latent cross-attention + GEGLU feed-forward).
/// </summary>
/// <remarks>
/// Paper defaults (Tang &amp; Yang 2024, official code, Mistral-7B with hidden size 4096): 768 latents of width
/// 4096 (= hidden size), 32 cross-attention heads of width 2048 (inner width 65,536), feed-forward multiple 4
/// (Linear 4096→32,768, GEGLU halves it, Linear 16,384→4096), LayerNorm eps 1e-5, no dropout: see
/// <see cref="PaperA"/>. NV-Embed's latent attention uses 512 latents and 8 heads (<see cref="NvEmbed"/>).
/// The latent width always equals the decoder's hidden size here, as in both papers' code.
/// </remarks>
/// <param name="NumLatents">Rows of the trainable latent matrix.</param>
/// <param name="NumHeads">Cross-attention heads.</param>
/// <param name="HeadDim">Width of one head; the attention's inner width is NumHeads × HeadDim.</param>
/// <param name="FfnMult">Feed-forward inner width as a multiple of the hidden size (before GEGLU doubling).</param>
/// <param name="LayerNormEps">Epsilon of the head's LayerNorms.</param>
public sealed record PoolingHeadConfig(int NumLatents, int NumHeads, int HeadDim, int FfnMult = 4, double LayerNormEps = 1e-5)
{
    /// <summary>Tang &amp; Yang's head: 768 latents, 32 heads × 2048, FFN ×4.</summary>
    public static PoolingHeadConfig PaperA { get; } = new(768, 32, 2048, 4);

    /// <summary>NV-Embed's latent attention sizes: 512 latents, 8 heads; head width hidden/8 here.</summary>
    public static PoolingHeadConfig NvEmbed(int hidden) => new(512, 8, Math.Max(1, hidden / 8), 4);

    /// <summary>A head sized for small CPU models: 16 latents, 4 heads of hidden/4, FFN ×2.</summary>
    public static PoolingHeadConfig Small(int hidden) => new(16, 4, Math.Max(1, hidden / 4), 2);

    /// <summary>Throws with a clear message when a size is not positive.</summary>
    public void Validate()
    {
        if (NumLatents <= 0 || NumHeads <= 0 || HeadDim <= 0 || FfnMult <= 0 || !(LayerNormEps > 0))
            throw new ArgumentException($"pooling head sizes must be positive: {this}");
    }
}

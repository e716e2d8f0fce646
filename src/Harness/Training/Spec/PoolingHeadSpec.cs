namespace Ablation.Harness.Training.Spec;

/// <summary><c>pooling_head</c>: sizes of a trainable pooling head (see <c>PoolingHeadConfig</c>).</summary>
public sealed record PoolingHeadSpec
{
    /// <summary><c>num_latents</c></summary>
    public int NumLatents { get; init; } = 16;
    /// <summary><c>num_heads</c></summary>
    public int NumHeads { get; init; } = 4;
    /// <summary><c>head_dim</c>: null = hidden size / num_heads.</summary>
    public int? HeadDim { get; init; }
    /// <summary><c>ffn_mult</c></summary>
    public int FfnMult { get; init; } = 2;
}

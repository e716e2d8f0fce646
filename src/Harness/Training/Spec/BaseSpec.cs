namespace Ablation.Harness.Training.Spec;

/// <summary><c>base</c>: <c>model</c> is <c>builtin:tiny-base</c> or a Hugging Face checkpoint folder.</summary>
public sealed record BaseSpec
{
    /// <summary><c>model</c></summary>
    public string Model { get; init; } = "builtin:tiny-base";

    /// <summary><c>dtype</c>: float32 or bfloat16, the precision the weights are loaded and trained in.</summary>
    public DTypeKind DType { get; init; } = DTypeKind.Float32;
}

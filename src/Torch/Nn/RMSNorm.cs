using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Nn;

/// <summary>
/// Root-mean-square normalisation over the last dimension, as in Llama/Mistral/Qwen2 (libtorch 1.13 has none):
/// x · rsqrt(mean(x²) + eps) · weight, computed in float32 for half types. The weight starts at 1.
/// </summary>
public sealed class RMSNorm : Module<Tensor, Tensor>
{
    public RMSNorm(long hiddenSize, double eps = 1e-6, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        this.eps = eps;
        weight = register_parameter("weight", torch.ones([hiddenSize], dtype, device));
    }

    public double eps { get; }
    public Tensor weight { get; }

    public override Tensor forward(Tensor input) => F.rms_norm(input, weight, eps);
}

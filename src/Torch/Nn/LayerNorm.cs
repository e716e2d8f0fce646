using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Nn;

/// <summary>Layer normalisation over the last dimension (torch.nn.LayerNorm): weight 1, bias 0 at start.</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly long[] normalizedShape;

    public LayerNorm(long normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool hasBias = true,
        ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        this.normalizedShape = [normalizedShape];
        this.eps = eps;
        if (elementwiseAffine)
        {
            weight = register_parameter("weight", torch.ones([normalizedShape], dtype, device));
            if (hasBias) bias = register_parameter("bias", torch.zeros([normalizedShape], dtype, device));
        }
    }

    public double eps { get; }
    public Tensor? weight { get; }
    public Tensor? bias { get; }

    public override Tensor forward(Tensor input) => F.layer_norm(input, normalizedShape, weight, bias, eps);
}

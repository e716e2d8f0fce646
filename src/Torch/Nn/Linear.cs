using F = Ablation.Torch.torch.nn.functional;

namespace Ablation.Torch.Nn;

/// <summary>
/// y = x·Wᵀ + b with W of shape [out, in] (torch.nn.Linear). Initialised like PyTorch: W and b uniform in
/// ±1/√in, drawn from the given generator so each purpose can have its own seed.
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long inFeatures, long outFeatures, bool hasBias = true, Generator? generator = null,
        ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        in_features = inFeatures;
        out_features = outFeatures;
        var bound = 1.0 / Math.Sqrt(inFeatures);
        weight = register_parameter("weight", torch.empty([outFeatures, inFeatures], dtype, device).uniform_(-bound, bound, generator));
        if (hasBias) bias = register_parameter("bias", torch.empty([outFeatures], dtype, device).uniform_(-bound, bound, generator));
    }

    public long in_features { get; }
    public long out_features { get; }
    public Tensor weight { get; }
    public Tensor? bias { get; }

    public override Tensor forward(Tensor input) => F.linear(input, weight, bias);
}

using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Decoders;

/// <summary>Llama's RMSNorm (parameter <c>weight</c>): normalised in float32, multiplied by the weight in the input type.</summary>
public sealed class RmsNorm : Module
{
    private readonly double _eps;

    public RmsNorm(int size, double eps, ScalarType dtype)
    {
        _eps = eps;
        Weight = register_parameter("weight", torch.ones([size], dtype).requires_grad_());
    }

    public Tensor Weight { get; }

    public Tensor forward(Tensor x) => torch.nn.functional.rms_norm(x, Weight, _eps);
}

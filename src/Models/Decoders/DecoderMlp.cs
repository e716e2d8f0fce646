using Ablation.Models.Lora;
using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Decoders;

/// <summary>SwiGLU feed-forward (<c>mlp</c>): down_proj(silu(gate_proj(x)) · up_proj(x)).</summary>
public sealed class DecoderMlp : Module
{
    public DecoderMlp(DecoderConfig c, ScalarType dtype)
    {
        GateProj = new LoraLinear(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype);
        UpProj = new LoraLinear(c.HiddenSize, c.IntermediateSize, c.MlpBias, dtype);
        DownProj = new LoraLinear(c.IntermediateSize, c.HiddenSize, c.MlpBias, dtype);
        register_module("gate_proj", GateProj);
        register_module("up_proj", UpProj);
        register_module("down_proj", DownProj);
    }

    public LoraLinear GateProj { get; }
    public LoraLinear UpProj { get; }
    public LoraLinear DownProj { get; }

    public Tensor forward(Tensor x) =>
        DownProj.forward(torch.nn.functional.silu(GateProj.forward(x)).mul(UpProj.forward(x)));
}

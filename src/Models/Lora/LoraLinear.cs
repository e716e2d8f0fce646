using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Lora;

/// <summary>
/// A linear projection (HF names <c>weight</c> [out, in] and optional <c>bias</c> [out]) that can carry a LoRA
/// adapter: y = x Wᵀ + b + (alpha / r) · dropout(x) Aᵀ Bᵀ with <c>lora_A.weight</c> [r, in] and
/// <c>lora_B.weight</c> [out, r] (PEFT's names). Every projection of the decoder is one of these, so base
/// checkpoints load by their HF names and adapters save under PEFT's names.
/// </summary>
public sealed class LoraLinear : Module
{
    private Tensor? _loraA;
    private Tensor? _loraB;
    private double _scaling;
    private double _dropout;
    private Generator? _dropoutGenerator;

    public LoraLinear(int inFeatures, int outFeatures, bool bias, ScalarType dtype = ScalarType.Float32)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = register_parameter("weight", torch.zeros([outFeatures, inFeatures], dtype).requires_grad_());
        if (bias) Bias = register_parameter("bias", torch.zeros([outFeatures], dtype).requires_grad_());
    }

    public int InFeatures { get; }
    public int OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    /// <summary>True once <see cref="AddAdapter"/> ran and until <see cref="Merge"/>.</summary>
    public bool HasActiveAdapter => _loraA is not null && !Merged;

    /// <summary>True after <see cref="Merge"/>: the update lives in <see cref="Weight"/>.</summary>
    public bool Merged { get; private set; }

    public Tensor? LoraA => _loraA;
    public Tensor? LoraB => _loraB;

    /// <summary>
    /// Adds a trainable adapter: A Kaiming-uniform (a = √5, PEFT's and nn.Linear's default, bound 1/√in),
    /// B zero, so the wrapped layer starts out equal to the base layer.
    /// </summary>
    public void AddAdapter(LoraConfig config, Generator init, Generator? dropout = null)
    {
        if (_loraA is not null) throw new InvalidOperationException("this layer already has a LoRA adapter");
        config.Validate();
        var bound = 1.0 / Math.Sqrt(InFeatures);
        var a = torch.rand([config.Rank, InFeatures], init).mul(2 * bound).sub(bound).to(Weight.dtype);
        var b = torch.zeros([OutFeatures, config.Rank], Weight.dtype);
        var aModule = new AdapterMatrix(a);
        var bModule = new AdapterMatrix(b);
        register_module("lora_A", aModule);
        register_module("lora_B", bModule);
        _loraA = aModule.Weight;
        _loraB = bModule.Weight;
        _scaling = config.Scaling;
        _dropout = config.Dropout;
        _dropoutGenerator = dropout;
        Merged = false;
    }

    /// <summary>Folds the adapter into the base weight (W += scaling · B A) for fast inference.</summary>
    public void Merge()
    {
        if (_loraA is null || _loraB is null || Merged) return;
        using (torch.no_grad())
        {
            var delta = _loraB.to(ScalarType.Float32).matmul(_loraA.to(ScalarType.Float32)).mul(_scaling);
            Weight.add_(delta.to(Weight.dtype));
        }
        Merged = true;
    }

    public Tensor forward(Tensor x)
    {
        var y = torch.nn.functional.linear(x, Weight, Bias);
        if (_loraA is null || _loraB is null || Merged) return y;
        var h = _dropout > 0 ? torch.nn.functional.dropout(x, _dropout, training, _dropoutGenerator) : x;
        var update = torch.nn.functional.linear(torch.nn.functional.linear(h, _loraA), _loraB);
        return y + update.mul(_scaling);
    }

    /// <summary>Holds one LoRA matrix as a parameter called <c>weight</c>, so names read <c>lora_A.weight</c>.</summary>
    private sealed class AdapterMatrix : Module
    {
        public AdapterMatrix(Tensor value) => Weight = register_parameter("weight", value.requires_grad_());

        public Tensor Weight { get; }
    }
}

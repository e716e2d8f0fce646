using Ablation.Torch;
using Ablation.Torch.Nn;

namespace Ablation.Models.Pooling;

/// <summary>
/// <c>mean</c>: masked mean of the final-layer states over real tokens; with <see cref="ExcludeInstruction"/> the
/// tokens of the instruction prefix (<see cref="PoolingInput.InstructionMask"/>) are left out, as LLM2Vec does.
/// </summary>
public sealed class MeanPooling(bool excludeInstruction = false) : IPoolingHead
{
    public bool ExcludeInstruction { get; } = excludeInstruction;

    public string Name => "mean";

    public Module? Module => null;

    public Tensor Pool(PoolingInput input, bool normalize = true)
    {
        var mask = input.AttentionMask.to(ScalarType.Int64);
        if (ExcludeInstruction && input.InstructionMask is { } instr)
        {
            var kept = mask.mul(instr.to(ScalarType.Int64).neg().add(1L));
            // A text that is all instruction keeps its full mask rather than dividing by zero.
            var empty = kept.sum(1, true).eq(0L);
            mask = torch.where(empty, mask, kept);
        }
        var e = PoolingOps.MaskedMean(input.LastHiddenState, mask);
        return normalize ? PoolingOps.L2Normalize(e) : e;
    }
}

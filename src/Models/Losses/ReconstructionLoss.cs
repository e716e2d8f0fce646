using Ablation.Torch;

namespace Ablation.Models.Losses;

/// <summary>
/// The reconstruction loss of Su et al.'s EBQ2D / EBD2Q: teacher-forced, shifted next-token cross-entropy. The
/// logits at position t predict the label at t + 1; labels equal to <see cref="IgnoreIndex"/> (the soft token,
/// padding, EOS) are left out, and the mean is over the remaining targets of the whole batch (a token-level mean,
/// as Hugging Face's causal-LM loss computes it, so long texts weigh more than short ones).
/// </summary>
public static class ReconstructionLoss
{
    /// <summary>The label of positions that are not scored (PyTorch's default ignore index).</summary>
    public const long IgnoreIndex = -100;

    /// <summary>
    /// Scalar float32 loss of logits [B, T, V] against int64 labels [B, T] (unshifted: label t is the token at
    /// position t). A batch without any target gives 0 (with a graph, so backward still works) instead of NaN.
    /// </summary>
    public static Tensor Compute(Tensor logits, Tensor labels, long ignoreIndex = IgnoreIndex)
    {
        if (logits.dim() != 3 || labels.dim() != 2 || logits.shape[0] != labels.shape[0] || logits.shape[1] != labels.shape[1])
            throw new ArgumentException(
                $"logits [{string.Join(", ", logits.shape)}] and labels [{string.Join(", ", labels.shape)}] must be [B, T, V] and [B, T]");
        long t = logits.shape[1], v = logits.shape[2];
        if (t < 2) throw new ArgumentException($"a sequence of {t} position(s) has no next token to predict");
        var predicted = logits.narrow(1, 0, t - 1).reshape(-1, v).to(ScalarType.Float32);
        var targets = labels.narrow(1, 1, t - 1).reshape(-1);
        var sum = torch.nn.functional.cross_entropy(predicted, targets, ignore_index: ignoreIndex, reduction: torch.nn.Reduction.Sum);
        var count = targets.ne(ignoreIndex).sum().clamp_min(1).to(ScalarType.Float32);
        return sum.div(count);
    }

    /// <summary>Number of scored targets of <paramref name="labels"/> [B, T] (every non-ignored label after position 0).</summary>
    public static long CountTargets(Tensor labels, long ignoreIndex = IgnoreIndex)
    {
        using var scope = torch.NewDisposeScope();
        return labels.narrow(1, 1, labels.shape[1] - 1).ne(ignoreIndex).sum().item<long>();
    }
}

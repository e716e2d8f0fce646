namespace Ablation.Torch.Optim;

/// <summary>A learning rate as a function of the optimizer step.</summary>
public interface ILearningRateSchedule
{
    /// <summary>
    /// The learning rate for the optimizer step taken after <paramref name="step"/> earlier steps (0 for the
    /// first step), the convention of PyTorch's LambdaLR as transformers uses it: with warmup the first step
    /// gets a learning rate of 0.
    /// </summary>
    double LearningRate(long step);
}

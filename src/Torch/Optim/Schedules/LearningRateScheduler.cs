namespace Ablation.Torch.Optim;

/// <summary>
/// Drives an optimizer's learning rate from an <see cref="ILearningRateSchedule"/>, like PyTorch's LambdaLR:
/// call <see cref="step"/> after each <c>optimizer.step()</c>. Parameter groups keep the ratio of their
/// learning rate to group 0's as it was when the scheduler was created (for example a head trained at 10× the
/// rate of the body). To resume, pass the number of optimizer steps already taken as <c>startStep</c>.
/// </summary>
public sealed class LearningRateScheduler
{
    private readonly Optimizer _optimizer;
    private readonly ILearningRateSchedule _schedule;
    private readonly double[] _groupRatios;

    /// <summary>Sets the optimizer's learning rate for step <paramref name="startStep"/> right away.</summary>
    public LearningRateScheduler(Optimizer optimizer, ILearningRateSchedule schedule, long startStep = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfNegative(startStep);
        _optimizer = optimizer;
        _schedule = schedule;
        double first = optimizer.get_lr(0);
        _groupRatios = Enumerable.Range(0, optimizer.param_group_count)
            .Select(g => first == 0 ? 1.0 : optimizer.get_lr(g) / first).ToArray();
        current_step = startStep;
        Apply();
    }

    /// <summary>Optimizer steps taken so far (the step the current learning rate is for).</summary>
    public long current_step { get; private set; }

    /// <summary>The learning rate of group 0 for the next optimizer step.</summary>
    public double last_lr => _schedule.LearningRate(current_step);

    /// <summary>Advances one step and sets the learning rate for the next optimizer step.</summary>
    public void step()
    {
        current_step++;
        Apply();
    }

    private void Apply()
    {
        double lr = _schedule.LearningRate(current_step);
        for (int g = 0; g < _groupRatios.Length; g++)
            _optimizer.set_lr(g, lr * _groupRatios[g]);
    }
}

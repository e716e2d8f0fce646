using Ablation.Torch.Optim;

namespace Ablation.Torch.Tests.Optim;

/// <summary>The scheduler sets the optimizer's learning rate step by step, keeps group ratios, and resumes.</summary>
public class LearningRateSchedulerTests
{
    [Fact]
    public void Drives_every_group_and_resumes_where_it_stopped()
    {
        using var scope = torch.NewDisposeScope();
        var body = torch.zeros([3], requires_grad: true);
        var head = torch.zeros([2], requires_grad: true);
        using var optimizer = new SGD([body], lr: 1.0);
        optimizer.add_param_group([head], lr: 10.0, weight_decay: 0);
        var schedule = LearningRateSchedules.Create("cosine", 1e-3, 5, 50, 0.1);

        var scheduler = new LearningRateScheduler(optimizer, schedule);
        Assert.Equal(0.0, optimizer.get_lr(0)); // warmup starts from 0, as in transformers
        for (long step = 1; step <= 30; step++)
        {
            optimizer.step();
            scheduler.step();
            Assert.Equal(step, scheduler.current_step);
            Assert.Equal(schedule.LearningRate(step), optimizer.get_lr(0), 12);
            Assert.Equal(10 * schedule.LearningRate(step), optimizer.get_lr(1), 11);
        }

        using var fresh = new SGD([body], lr: 1.0);
        fresh.add_param_group([head], lr: 10.0, weight_decay: 0);
        var resumed = new LearningRateScheduler(fresh, schedule, startStep: 30);
        Assert.Equal(optimizer.get_lr(0), fresh.get_lr(0), 12);
        Assert.Equal(optimizer.get_lr(1), fresh.get_lr(1), 11);
        Assert.Equal(schedule.LearningRate(30), resumed.last_lr);
    }
}

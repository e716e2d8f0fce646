using System.Text.Json;
using Ablation.Tests.Shared;
using Ablation.Torch.Optim;

namespace Ablation.Torch.Tests.Optim;

/// <summary>Schedules against transformers' formulas evaluated in python (fixtures/optim/make_lr_schedule_fixtures.py).</summary>
public class LearningRateScheduleTests
{
    [Fact]
    public void Every_schedule_matches_the_reference_formulas()
    {
        var root = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("optim", "lr_schedules.json"))).RootElement;
        int checkedValues = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            string name = c.GetProperty("name").GetString()!;
            double peak = c.GetProperty("peak_lr").GetDouble();
            var schedule = LearningRateSchedules.Create(name, peak, c.GetProperty("warmup_steps").GetInt64(),
                c.GetProperty("total_steps").GetInt64(), c.GetProperty("min_ratio").GetDouble());
            var steps = c.GetProperty("steps").EnumerateArray().Select(s => s.GetInt64()).ToArray();
            var expected = c.GetProperty("lr").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int i = 0; i < steps.Length; i++, checkedValues++)
                Assert.True(Math.Abs(expected[i] - schedule.LearningRate(steps[i])) <= 1e-15 * peak,
                    $"{schedule} at step {steps[i]}: expected {expected[i]:R}, got {schedule.LearningRate(steps[i]):R}");
        }
        Assert.True(checkedValues > 500);
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("cosine")]
    public void Warmup_rises_decay_falls_and_the_floor_holds_after_the_last_step(string name)
    {
        var schedule = LearningRateSchedules.Create(name, 1e-3, 20, 200, 0.1);
        double previous = -1;
        for (long step = 0; step <= 20; step++)
        {
            Assert.True(schedule.LearningRate(step) > previous);
            previous = schedule.LearningRate(step);
        }
        Assert.Equal(1e-3, previous, 15);
        for (long step = 21; step <= 200; step++)
        {
            Assert.True(schedule.LearningRate(step) < previous);
            previous = schedule.LearningRate(step);
        }
        Assert.Equal(1e-4, previous, 15);
        foreach (long step in new long[] { 201, 250, 400, 10_000 })
            Assert.Equal(1e-4, schedule.LearningRate(step), 15);
    }

    [Fact]
    public void Constant_ignores_warmup_like_transformers()
    {
        var schedule = LearningRateSchedules.Create("constant", 2e-4, 50, 100);
        Assert.Equal(2e-4, schedule.LearningRate(0));
        Assert.Equal(2e-4, schedule.LearningRate(1000));
    }

    [Fact]
    public void Bad_settings_give_clear_errors()
    {
        var unknown = Assert.Throws<ArgumentException>(() => LearningRateSchedules.Create("cosine_restarts", 1e-3, 0, 10));
        Assert.Contains("cosine_restarts", unknown.Message);
        Assert.Contains("constant_with_warmup", unknown.Message);
        var total = Assert.Throws<ArgumentException>(() => LearningRateSchedules.Create("linear", 1e-3, 100, 50));
        Assert.Contains("100", total.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Create("cosine", 1e-3, 0, 10, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Create("cosine", double.NaN, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Create("linear", 1e-3, -1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedules.Create("linear", 1e-3, 0, 10).LearningRate(-1));
    }
}

using System.Diagnostics;
using System.Text.Json;
using Ablation.Harness.Training;
using Ablation.Models;

namespace Ablation.Harness.Tests.Training;

/// <summary>
/// Runs <c>ablation train</c> as a child process, kills it (SIGKILL) at several points, starts it again with the
/// same command, and compares the final files with those of an uninterrupted run: they must be byte-identical.
/// GradCache with LoRA dropout is on, so the dropout stream, data position and optimiser state all have to resume.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ablation-kill-tests-" + Guid.NewGuid().ToString("N"));

    public KillAndResumeTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void Killed_runs_restarted_with_the_same_command_end_with_identical_weights()
    {
        var data = Path.Combine(_root, "pairs.jsonl");
        File.WriteAllLines(data, TrainingFixtures.Examples(60).Select(e => JsonSerializer.Serialize(new
        {
            query = e.Query, positive = e.Positive, negative = e.Negatives[0], instruction = e.Instruction,
        })));
        var config = Path.Combine(_root, "model.json");
        File.WriteAllText(config, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["base"] = new { model = TrainingFixtures.BaseFolder },
            ["data"] = new { train = data },
            ["pooling"] = "last_layer_trainable",
            ["max_length"] = 24,
            ["seed"] = 9,
            ["lora"] = new { r = 4, alpha = 8, dropout = 0.1 },
            ["contrastive"] = new Dictionary<string, object>
            {
                ["steps"] = 40, ["batch"] = 8, ["mini_batch"] = 3, ["lr"] = 1e-3, ["warmup_steps"] = 5, ["checkpoint_every"] = 4,
            },
        }));

        var straight = Path.Combine(_root, "straight");
        Assert.Equal(0, RunToEnd(config, straight));

        var killed = Path.Combine(_root, "killed");
        var kills = 0;
        foreach (var rows in new[] { 3, 13, 26 })
        {
            using var child = Start(config, killed);
            var metrics = Path.Combine(killed, ModelTrainer.MetricsFile);
            while (!child.HasExited && (!File.Exists(metrics) || SafeLineCount(metrics) < rows + 1)) Thread.Sleep(10);
            if (child.HasExited) break;
            child.Kill(entireProcessTree: true); // SIGKILL: no clean-up runs
            child.WaitForExit();
            kills++;
            Assert.False(File.Exists(Path.Combine(killed, TrainResult.FileName)), "the run finished before it was killed");
        }
        Assert.True(kills >= 3, $"only {kills} kills landed before the run finished");
        Assert.Equal(0, RunToEnd(config, killed));

        foreach (var f in new[] { "adapter_model.safetensors", EmbeddingModel.HeadFile, EmbeddingModelConfig.FileName })
            Assert.True(File.ReadAllBytes(Path.Combine(straight, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed, f))), $"{f} differs after kill and resume");
        Assert.Equal(ModelTrainerTests.LossColumns(straight), ModelTrainerTests.LossColumns(killed));
        Assert.Contains("resuming from", File.ReadAllText(Path.Combine(killed, ModelTrainer.LogFile)));
    }

    private static int SafeLineCount(string path)
    {
        try { return File.ReadAllLines(path).Length; }
        catch (IOException) { return 0; }
    }

    private static int RunToEnd(string config, string output)
    {
        using var child = Start(config, output);
        var stderr = child.StandardError.ReadToEndAsync();
        child.WaitForExit();
        Assert.True(child.ExitCode == 0, $"ablation train failed: {stderr.Result}");
        return child.ExitCode;
    }

    private static Process Start(string config, string output)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = false,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in new[] { "train", "--config", config, "--out", output }) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
    }
}

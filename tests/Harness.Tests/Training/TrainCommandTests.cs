using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Harness.Tests.Cli;
using Ablation.Harness.Training;

namespace Ablation.Harness.Tests.Training;

/// <summary><c>ablation train</c> end to end on the fixture decoder: output lines, exit codes, user mistakes.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ablation-train-cli-" + Guid.NewGuid().ToString("N"));

    public TrainCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private string Config(string extra = "", string stage = "")
    {
        var data = Path.Combine(_root, "pairs.jsonl");
        File.WriteAllLines(data, TrainingFixtures.Examples(24).Select(e => JsonSerializer.Serialize(new { query = e.Query, positive = e.Positive, negative = e.Negatives[0] })));
        var path = Path.Combine(_root, "model.json");
        File.WriteAllText(path, $$"""
            { "base": { "model": {{JsonSerializer.Serialize(TrainingFixtures.BaseFolder)}} }, "data": { "train": "pairs.jsonl" },
              "pooling": "mean", "max_length": 24, {{extra}}
              "contrastive": { "steps": 4, "batch": 4, "warmup_steps": 1, "lr": 1e-3{{stage}} } }
            """);
        return path;
    }

    [Fact]
    public void Trains_prints_one_line_per_event_and_a_second_call_does_nothing()
    {
        var output = Path.Combine(_root, "out");
        var (code, stdout, stderr) = CliRun.Run("train", "--config", Config(), "--out", output);
        Assert.True(code == ExitCodes.Success, stderr);
        Assert.Contains("stage 1/1 contrastive: 4 steps", stdout);
        Assert.Contains("contrastive: 4 steps, loss", stdout);
        Assert.Contains("evaluate with: ablation eval --model", stdout);
        Assert.True(File.Exists(Path.Combine(output, TrainResult.FileName)));

        var again = CliRun.Run("train", "--config", Config(), "--out", output);
        Assert.Equal(ExitCodes.Success, again.Code);
        Assert.Contains("already trained (nothing done)", again.Out);
    }

    [Fact]
    public void An_unknown_key_a_missing_config_and_a_file_as_out_are_user_errors()
    {
        var unknown = CliRun.Run("train", "--config", Config("\"temperatur\": 0.1,"), "--out", Path.Combine(_root, "x"));
        Assert.Equal(ExitCodes.UserError, unknown.Code);
        Assert.Contains("temperatur", unknown.Err);
        Assert.Single(unknown.Err.Trim().Split('\n'));

        var missing = CliRun.Run("train", "--config", Path.Combine(_root, "nope.json"), "--out", Path.Combine(_root, "y"));
        Assert.Equal(ExitCodes.UserError, missing.Code);
        Assert.Contains("--config", missing.Err);

        var file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "");
        var asFile = CliRun.Run("train", "--config", Config(), "--out", file);
        Assert.Equal(ExitCodes.UserError, asFile.Code);
        Assert.Contains("is a file", asFile.Err);
    }

    [Fact]
    public void A_head_only_stage_with_a_parameter_free_pooling_is_a_user_error()
    {
        var (code, _, stderr) = CliRun.Run("train", "--config", Config(stage: ", \"trainable\": \"head\""), "--out", Path.Combine(_root, "h"));
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("train nothing", stderr);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ablation.Harness.Training;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation train --config &lt;model.json&gt; --out &lt;folder&gt;</c>: trains one embedding model (the stages of
/// the spec in order) into a model folder; rerunning the same call resumes an interrupted run and does nothing
/// after a finished one.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config")
        {
            Description = "Model spec (JSON): base, data, pooling, attention, stages, seed and per-stage settings (docs/training.md).",
            Required = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Model folder to write (resumes from its checkpoint/ when one is there).",
            Required = true,
        };
        var command = new Command("train", "Train one embedding model from a model spec; resumable, writes a folder eval and embed accept.")
        {
            config, output,
        };
        command.SetAction((parse, cancel) =>
            Task.FromResult(Run(new TrainRequest(parse.GetValue(config)!, parse.GetValue(output)!), parse.InvocationConfiguration.Output, cancel)));
        return command;
    }

    /// <summary>The options of one invocation.</summary>
    public sealed record TrainRequest(string Config, string Out);

    /// <summary>Validates, trains, prints one line per event; user mistakes throw <see cref="UserInputException"/>.</summary>
    public static int Run(TrainRequest request, TextWriter stdout, CancellationToken cancel)
    {
        if (!File.Exists(request.Config)) throw new UserInputException($"--config '{request.Config}': file not found");
        if (File.Exists(request.Out)) throw new UserInputException($"--out '{request.Out}' is a file; give a folder");
        var spec = ModelSpecReader.Read(request.Config);
        var total = spec.Stages.Sum(k => (k == StageKind.Contrastive ? (StageSettings)spec.Contrastive : spec.Reconstruction).Steps);
        var clock = Stopwatch.StartNew();
        void Log(string message) => stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,7:F1}s] {message}"));
        var result = StepProgress.Run(stdout, "training", total, update => ModelTrainer.Train(spec, request.Out, new TrainOptions
        {
            Log = Log,
            OnStep = update is null ? null : s => update(s.DoneSteps,
                string.Create(CultureInfo.InvariantCulture, $"{s.Stage} {s.Step}/{s.StageSteps} loss {s.Loss:F3} {s.TokensPerSecond:N0} tok/s")),
        }, cancel));
        foreach (var stage in result.Stages)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{stage.Stage}: {stage.Steps} steps, loss {stage.FirstLoss:F4} (first tenth) → {stage.LastLoss:F4} (last tenth)"));
        stdout.WriteLine(result.Reused
            ? $"{result.Folder}: already trained (nothing done)"
            : string.Create(CultureInfo.InvariantCulture, $"{result.Folder}: trained in {result.Seconds:F1}s; evaluate with: ablation eval --model {result.Folder}"));
        return ExitCodes.Success;
    }
}

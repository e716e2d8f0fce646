using System.Diagnostics;
using System.Globalization;
using Ablation.Harness.Cli;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Runner;

/// <summary>
/// Runs one cell (<c>ablation run-cell</c>): takes its lock, trains its stages (resuming), evaluates the result on
/// the spec's suite into the cell folder, and writes <c>DONE</c> last. A failure writes <c>FAILED</c> (first line of
/// the error and the detail); an interruption writes nothing and keeps the checkpoint for the next attempt.
/// </summary>
public static class CellWorker
{
    /// <summary>Exit code when another live process holds the cell's lock (EX_TEMPFAIL): nothing was done.</summary>
    public const int BusyExitCode = 75;

    public static int Run(string cellPath, TextWriter output, CancellationToken cancel)
    {
        var cell = new CellFolder(cellPath);
        if (!Directory.Exists(cell.Path))
            throw new UserInputException($"cell folder {cell.Path} does not exist; give a folder under <results>/cells/ written by `ablation run`");
        if (!File.Exists(cell.ConfigFile))
            throw new UserInputException($"{cell.Path} has no config.json; give a folder under <results>/cells/ written by `ablation run`");
        if (cell.IsDone)
        {
            output.WriteLine($"run-cell {cell.Id}: already done (DONE exists); nothing to do");
            return ExitCodes.Success;
        }

        using var cellLock = CellLock.TryAcquire(cell.Path, message =>
        {
            output.WriteLine($"run-cell {cell.Id}: {message}");
            cell.Log($"run-cell: {message}");
        }, out var holder);
        if (cellLock is null)
        {
            output.WriteLine($"run-cell {cell.Id}: busy, locked by {holder?.Describe() ?? "a process that is writing its lock"}; leaving it alone");
            return BusyExitCode;
        }
        // Another process may have finished the cell between our DONE check and taking the lock.
        if (cell.IsDone)
        {
            output.WriteLine($"run-cell {cell.Id}: already done (DONE exists); nothing to do");
            return ExitCodes.Success;
        }

        var clock = Stopwatch.StartNew();
        void Log(string message)
        {
            cell.Log(message);
            output.WriteLine($"run-cell {cell.Id}: {message}");
        }
        Log($"start pid {Environment.ProcessId} host {Environment.MachineName}");
        try
        {
            var spec = CellSpecReader.Read(cell.ConfigFile);
            if (File.Exists(cell.FailedFile)) File.Delete(cell.FailedFile); // a new attempt; FAILED describes only the last one
            string model;
            bool trained = spec.Stages.Count > 0;
            if (trained)
            {
                Log($"train: stages {string.Join(" → ", spec.Stages).ToLowerInvariant()}{(Directory.Exists(cell.CheckpointFolder) ? " (resuming from checkpoint/)" : "")}");
                // The trainer keeps its own train.log; its lines only pass through to the console here.
                var training = CellTrainer.Train(spec, cell, message => output.WriteLine($"run-cell {cell.Id}: {message}"), cancel);
                Log(string.Create(CultureInfo.InvariantCulture, $"train: {(training.Reused ? "already finished" : "finished")}, {training.Seconds:F1} s over all attempts"));
                model = TrainedModel(cell.Path, spec);
            }
            else
            {
                model = ZeroShotModel(spec);
            }
            cancel.ThrowIfCancellationRequested();
            Evaluate(spec, cell, model, useCache: !trained, Log, cancel);
            cell.WriteDone(clock.Elapsed.TotalSeconds);
            Log(string.Create(CultureInfo.InvariantCulture, $"done in {clock.Elapsed.TotalSeconds:F1} s"));
            return ExitCodes.Success;
        }
        catch (OperationCanceledException)
        {
            Log("interrupted; checkpoint and finished tasks are kept, the next run resumes");
            return ExitCodes.Interrupted;
        }
        catch (Exception error)
        {
            if (error is AggregateException { InnerExceptions.Count: 1 } aggregate) error = aggregate.InnerExceptions[0];
            string message = error.Message.Split('\n')[0].Trim();
            bool userError = IsUserError(error);
            string detail = userError ? error.Message : error.ToString();
            cell.WriteFailed(message, detail);
            Log($"FAILED: {message}");
            return userError ? ExitCodes.UserError : ExitCodes.Failure;
        }
    }

    /// <summary>
    /// The encoder string of an untrained design (<c>stages: []</c>): the base model with the design's attention,
    /// pooling and lengths (a zero-shot row).
    /// </summary>
    public static string ZeroShotModel(ModelSpec spec) => string.Create(CultureInfo.InvariantCulture,
        $"{spec.Base.Model}#attention={spec.Attention.ToString().ToLowerInvariant()},pooling={spec.Pooling},max_length={spec.Evaluation.MaxLength ?? spec.MaxLength},batch_size={spec.Evaluation.Batch}");

    /// <summary>The encoder string of a trained cell: its own folder, at the evaluation's length and batch.</summary>
    public static string TrainedModel(string folder, ModelSpec spec) => string.Create(CultureInfo.InvariantCulture,
        $"{folder}#max_length={spec.Evaluation.MaxLength ?? spec.MaxLength},batch_size={spec.Evaluation.Batch}");

    private static void Evaluate(ModelSpec spec, CellFolder cell, string model, bool useCache, Action<string> log, CancellationToken cancel)
    {
        var suite = SuiteManifest.Load(SuiteLocator.Resolve(spec.Data.EvalSuite));
        var encoder = EncoderRegistry.Resolve(model);
        try
        {
            // An untrained design's embeddings are the same for every seed, so its cells share the cache.
            var cache = useCache ? new EmbeddingCache(encoder.ModelId, encoder.Dimension) : null;
            var pipeline = new EmbeddingPipeline(encoder, cache, showProgress: false);
            log($"eval: {encoder.ModelId} on suite {suite.Name} ({(spec.Evaluation.Tasks is { Count: > 0 } t ? $"{t.Count} tasks" : $"all {suite.Tasks.Count} tasks")})");
            SuiteEvaluator.Run(suite, spec.Evaluation.Tasks?.ToList(), pipeline, cell.Path, model, VersionCommand.HarnessVersion, result =>
            {
                log(string.Create(CultureInfo.InvariantCulture,
                    $"eval: {result.Manifest.Name} {result.MainScoreName} = {result.MainScore:F4} ({result.Items.Rows.Count} items, {result.EvaluationSeconds:F1} s)"));
                cancel.ThrowIfCancellationRequested(); // between tasks: what is written stays, the rest is redone
            });
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }
    }

    private static bool IsUserError(Exception error) => error is UserInputException or FileNotFoundException
        or DirectoryNotFoundException or InvalidDataException or FormatException or ArgumentException;
}

using System.CommandLine;
using System.Globalization;
using Ablation.Models;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation eval --model M --suite S [--tasks a,b] [--out DIR]</c>: evaluates one model on a suite and
/// writes scores/&lt;task&gt;.csv, metrics.json and mteb/&lt;Task&gt;.json under DIR.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model")
        {
            Description = "Model to evaluate: a trained model folder, a Hugging Face checkpoint folder, builtin:tiny-base, or builtin:bow-hash[:dim] " +
                          "(model-free baseline). LLM options may follow #, e.g. builtin:tiny-base#attention=bidirectional,pooling=mean,max_length=128.",
            Required = true,
        };
        var suite = new Option<string>("--suite")
        {
            Description = "Evaluation suite: builtin:default or a folder with suite.json (see docs/task-format.md).",
            DefaultValueFactory = _ => "builtin:default",
        };
        var tasks = new Option<string[]>("--tasks")
        {
            Description = "Only these tasks (names, comma-separated or repeated).",
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out")
        {
            Description = "Output folder (default: a trained model's own folder, else results/eval/<model name and options>).",
        };
        var attention = new Option<string?>("--attention")
        {
            Description = "LLM models: causal or bidirectional (default: the trained model's, else causal).",
        };
        var pooling = new Option<string?>("--pooling")
        {
            Description = "LLM models: pooling head (default: the trained model's, else eos_last); a bare checkpoint takes eos_last or mean.",
        };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not read or write the embedding cache." };

        var command = new Command("eval", "Evaluate a model on an MTEB-style suite with per-item scores.");
        command.Options.Add(model);
        command.Options.Add(suite);
        command.Options.Add(tasks);
        command.Options.Add(output);
        command.Options.Add(attention);
        command.Options.Add(pooling);
        command.Options.Add(noCache);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string modelName = WithEncoderOptions(parse.GetValue(model)!, parse.GetValue(attention), parse.GetValue(pooling));
            string suiteName = parse.GetValue(suite)!;
            var taskNames = (parse.GetValue(tasks) ?? [])
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            string outFolder = parse.GetValue(output) ?? DefaultOutput(modelName);

            var encoder = EncoderRegistry.Resolve(modelName);
            var suiteManifest = SuiteManifest.Load(SuiteLocator.Resolve(suiteName));
            var cache = parse.GetValue(noCache) ? null : new EmbeddingCache(encoder.ModelId, encoder.Dimension);
            var pipeline = new EmbeddingPipeline(encoder, cache, showProgress: true);

            stdout.WriteLine($"eval: model {encoder.ModelId} (dim {encoder.Dimension}), suite {suiteManifest.Name} ({suiteManifest.Tasks.Count} tasks) → {Path.GetFullPath(outFolder)}");
            var results = SuiteEvaluator.Run(suiteManifest, taskNames, pipeline, outFolder, modelName, VersionCommand.HarnessVersion, result =>
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {result.Manifest.Name,-32} {TaskManifest.TypeName(result.Manifest.Type),-20} {result.MainScoreName} = {result.MainScore:F4}  " +
                    $"({result.Items.Rows.Count} {Plural(result.Items.Unit)}{(result.DroppedItems > 0 ? $", {result.DroppedItems} dropped" : "")}, {result.EvaluationSeconds:F1}s)")));
            stdout.WriteLine($"eval: {results.Count} tasks done; encoded {pipeline.EncodedCount} texts, {pipeline.CacheHits} from cache");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Folds --attention/--pooling into the model string (<c>model#attention=…,pooling=…</c>), which names the encoder.</summary>
    private static string WithEncoderOptions(string model, string? attention, string? pooling)
    {
        var options = new List<string>();
        if (attention != null) options.Add($"attention={attention}");
        if (pooling != null) options.Add($"pooling={pooling}");
        if (options.Count == 0) return model;
        return model + (model.Contains('#') ? "," : "#") + string.Join(",", options);
    }

    private static string Plural(string unit) => unit == "query" ? "queries" : unit + "s";

    /// <summary>
    /// A trained model's own folder (its results belong beside it); anything else — a base checkpoint the user may
    /// share, a named model, or a model with options that differ per run — gets results/eval/&lt;name and options&gt;,
    /// so runs never overwrite each other or write into a checkpoint.
    /// </summary>
    internal static string DefaultOutput(string model)
    {
        var (location, _) = EmbeddingModelEncoder.SplitOptions(model);
        bool trained = File.Exists(Path.Combine(location, EmbeddingModelConfig.FileName))
                       || File.Exists(Path.Combine(location, "checkpoint", EmbeddingModelConfig.FileName));
        if (trained && location == model) return model;
        string name = Directory.Exists(location)
            ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(location))) + model[location.Length..]
            : model;
        string safe = new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return Path.Combine("results", "eval", safe);
    }
}

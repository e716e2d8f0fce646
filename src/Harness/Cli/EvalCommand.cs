using Ablation.Harness.Evaluation.Results;
using System.CommandLine;
using System.Globalization;
using Ablation.Harness.IO;
using Ablation.Harness.Training.Spec;
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
        var attention = new ChoiceOption<AttentionKind>("--attention", "LLM models: attention mask (default: the trained model's, else causal).", CliChoices.Attention);
        var pooling = new ChoiceOption<string>("--pooling",
            "LLM models: pooling head (default: the trained model's, else eos_last); a bare checkpoint takes eos_last or mean.", CliChoices.Pooling);
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
            string modelName = WithEncoderOptions(parse.GetValue(model)!, attention.GetName(parse), pooling.GetName(parse));
            string suiteName = parse.GetValue(suite)!;
            var taskNames = (parse.GetValue(tasks) ?? [])
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            string outFolder = parse.GetValue(output) ?? DefaultOutput(modelName);
            // The output is checked before the model loads: a run that cannot save never starts.
            OutputPaths.CheckFolder(outFolder, "--out");
            CheckOwnership(outFolder, modelName);

            var encoder = EncoderRegistry.Resolve(modelName);
            var suiteManifest = SuiteManifest.Load(SuiteLocator.Resolve(suiteName));
            var cache = parse.GetValue(noCache) ? null : new EmbeddingCache(encoder.ModelId, encoder.Dimension);
            var pipeline = new EmbeddingPipeline(encoder, cache, showProgress: true);

            stdout.WriteLine($"eval: model {encoder.ModelId} (dim {encoder.Dimension}), suite {suiteManifest.Name} ({suiteManifest.Tasks.Count} tasks) → {Path.GetFullPath(outFolder)}");
            Interruption.Describe($"results of the tasks already finished are in {Path.GetFullPath(outFolder)} (metrics.json lists them); " +
                                  "run the same command again: encoded texts come from the embedding cache");
            var results = SuiteEvaluator.Run(suiteManifest, taskNames, pipeline, outFolder, modelName, VersionCommand.HarnessVersion, result =>
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {result.Manifest.Name,-32} {TaskManifest.TypeName(result.Manifest.Type),-20} {result.MainScoreName} = {result.MainScore:F4}  " +
                    $"({result.Items.Rows.Count} {Plural(result.Items.Unit)}{(result.DroppedItems > 0 ? $", {result.DroppedItems} dropped" : "")}, {result.EvaluationSeconds:F1}s)"));
                foreach (var warning in result.Warnings) stdout.WriteLine($"    warning: {warning}");
            });
            foreach (var warning in pipeline.Warnings()) stdout.WriteLine(warning);
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

    /// <summary>
    /// An output folder belongs to one model: evaluating another model into it would mix two models' score files
    /// under one metrics.json. Result files without a metrics.json (an interrupted first task, or files of unknown
    /// origin) are refused too, rather than adopted.
    /// </summary>
    internal static void CheckOwnership(string outFolder, string model)
    {
        string metrics = Path.Combine(outFolder, MetricsFile.FileName);
        if (File.Exists(metrics))
        {
            string owner;
            try { owner = MetricsFile.Read(metrics).Model; }
            catch (UserInputException e)
            {
                throw new UserInputException($"--out '{outFolder}': {e.Message}; choose an empty or new folder, or delete {metrics}");
            }
            if (owner != model)
                throw new UserInputException($"--out '{outFolder}': the folder holds results of model '{owner}'; choose another --out for '{model}', or delete the folder to replace them");
            return;
        }
        foreach (var sub in new[] { "scores", "mteb" })
            if (Directory.Exists(Path.Combine(outFolder, sub)) && Directory.EnumerateFileSystemEntries(Path.Combine(outFolder, sub)).Any())
                throw new UserInputException($"--out '{outFolder}': {sub}/ holds result files but there is no metrics.json saying whose; choose another --out, or delete {Path.Combine(outFolder, sub)}");
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
        return Path.Combine("results", "eval", SafeFileName.Of(name));
    }
}

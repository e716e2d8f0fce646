using System.CommandLine;
using Ablation.Harness.Analysis;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation analyze layers --model M --suite S [--out DIR] [--sample N] [--max-length L] [--seed S]</c>:
/// layer × layer similarity and per-layer evaluation of a base model (paper A Fig. 1 and 2); see docs/layer-analysis.md.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var command = new Command("analyze", "Analyses of a model that do not train it.");
        command.Subcommands.Add(Layers());
        return command;
    }

    private static Command Layers()
    {
        var model = new Option<string>("--model")
        {
            Description = "Base model: a Hugging Face checkpoint folder or builtin:tiny-base (a trained model folder also works; its adapters are applied).",
            Required = true,
        };
        var suite = new Option<string>("--suite") { Description = "Evaluation suite: builtin:default or a folder with suite.json.", DefaultValueFactory = _ => "builtin:default" };
        var output = new Option<string?>("--out") { Description = "Output folder (default: results/analysis/<model name>-layers)." };
        var sample = new Option<int>("--sample") { Description = "Texts in the seeded similarity sample (all texts when the suite has fewer).", DefaultValueFactory = _ => 512 };
        var maxLength = new Option<int>("--max-length") { Description = "Longest tokenised text; longer texts are truncated.", DefaultValueFactory = _ => 128 };
        var seed = new Option<int>("--seed") { Description = "Seed of the similarity sample.", DefaultValueFactory = _ => 1 };
        var batchSize = new Option<int>("--batch-size") { Description = "Texts per forward pass.", DefaultValueFactory = _ => 16 };
        var tasks = new Option<string[]>("--tasks") { Description = "Only these tasks (names, comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };
        var skipEval = new Option<bool>("--no-eval") { Description = "Only the layer similarity; skip the per-layer evaluation." };

        var command = new Command("layers", "Layer x layer similarity (linear CKA, cosine) and per-layer evaluation of a base model; CSV + figures.")
        {
            model, suite, output, sample, maxLength, seed, batchSize, tasks, skipEval,
        };
        command.SetAction(parse =>
        {
            var taskNames = (parse.GetValue(tasks) ?? [])
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var request = new LayerAnalysisRequest(parse.GetValue(model)!, parse.GetValue(suite)!, parse.GetValue(output),
                parse.GetValue(sample), parse.GetValue(maxLength), parse.GetValue(seed), parse.GetValue(batchSize), taskNames, parse.GetValue(skipEval));
            var stdout = parse.InvocationConfiguration.Output;
            LayerAnalyzer.Run(request, stdout, showProgress: ReferenceEquals(stdout, Console.Out));
            return ExitCodes.Success;
        });
        return command;
    }
}

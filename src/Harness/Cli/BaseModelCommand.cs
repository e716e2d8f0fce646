using System.CommandLine;
using System.Diagnostics;
using Ablation.Harness.Pretraining;

namespace Ablation.Harness.Cli;

/// <summary><c>ablation base pretrain [--recipe FILE] [--out DIR] [--force]</c>: pretrains the tiny base model.</summary>
public static class BaseModelCommand
{
    public static Command Create()
    {
        var command = new Command("base", "The built-in base model (builtin:tiny-base), pretrained from scratch on the built-in corpus.");
        command.Subcommands.Add(CreatePretrain());
        return command;
    }

    private static Command CreatePretrain()
    {
        var recipeOption = new Option<string?>("--recipe")
        {
            Description = "Pretraining recipe (default: experiments/base/tiny.json as built into the harness, i.e. builtin:tiny-base).",
        };
        var outOption = new Option<string?>("--out")
        {
            Description = "Checkpoint folder to write (default: the cache folder keyed by the recipe hash, which builtin:tiny-base uses).",
        };
        var forceOption = new Option<bool>("--force") { Description = "Retrain even if the folder already holds this model." };
        var pretrain = new Command("pretrain", "Train the BPE tokenizer and the Llama-architecture LM, report held-out perplexity, save in Hugging Face format.");
        pretrain.Options.Add(recipeOption);
        pretrain.Options.Add(outOption);
        pretrain.Options.Add(forceOption);
        pretrain.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string? recipePath = parse.GetValue(recipeOption);
            var recipe = recipePath is null ? BaseModels.TinyRecipe() : PretrainingRecipeReader.Load(recipePath);
            Interruption.Describe("the model is trained in a staging folder and appears only when complete, so nothing partial is kept; " +
                                  "run the same command again to train it from the start");
            var clock = Stopwatch.StartNew();
            void Log(string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {message}");
            var result = WithProgress(output, recipe.Steps, onStep =>
                BaseModels.EnsureBuilt(recipe, parse.GetValue(outOption), parse.GetValue(forceOption), Log, onStep));
            foreach (var line in result.Describe()) output.WriteLine(line);
            return ExitCodes.Success;
        });
        return pretrain;
    }

    /// <summary>Runs <paramref name="work"/> under the training progress bar when writing to an interactive terminal, else quietly.</summary>
    private static T WithProgress<T>(TextWriter output, int steps, Func<Action<PretrainingStep>?, T> work) =>
        StepProgress.Run(output, "pretraining", steps, update => work(update is null ? null
            : step => update(step.Step, $"step {step.Step}/{step.TotalSteps} loss {step.Loss:F3} {step.TokensPerSecond:N0} tok/s")));
}

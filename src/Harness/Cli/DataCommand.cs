using System.CommandLine;
using System.Diagnostics;
using Ablation.Harness.Data;

namespace Ablation.Harness.Cli;

/// <summary><c>ablation data build [--out DIR] [--reduced]</c>: builds the built-in evaluation suite and training data.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Built-in data from WordNet 3.0, FOLDOC and GCIDE (Debian packages).");
        command.Subcommands.Add(CreateBuild());
        return command;
    }

    private static Command CreateBuild()
    {
        var outOption = new Option<string?>("--out")
        {
            Description = "Output folder (default: the cache folder that builtin:default uses).",
        };
        var reducedOption = new Option<bool>("--reduced")
        {
            Description = "A quarter of the task sizes and no GCIDE (fast; for tests).",
        };
        var build = new Command("build", "Build the evaluation suite, training pairs, pretraining corpus and manifest.");
        build.Options.Add(outOption);
        build.Options.Add(reducedOption);
        build.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = parse.GetValue(reducedOption) ? BuildOptions.Reduced : BuildOptions.Full;
            string? outFolder = parse.GetValue(outOption);
            var clock = Stopwatch.StartNew();
            void Log(string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {message}");
            var paths = outFolder is null
                ? BuiltinData.EnsureBuilt(BuiltinDataSources.Debian, options, Log)
                : BuiltinDataBuilder.Build(outFolder, BuiltinDataSources.Debian, options, Log);
            output.WriteLine($"built-in data in {paths.Root} ({clock.Elapsed.TotalSeconds:F1} s)");
            output.WriteLine($"  suite:        {paths.SuiteFolder}");
            output.WriteLine($"  pairs:        {paths.ContrastivePairsPath}");
            output.WriteLine($"  pretraining:  {paths.PretrainingFolder}");
            output.WriteLine($"  manifest:     {paths.ManifestPath}");
            return ExitCodes.Success;
        });
        return build;
    }
}

using System.CommandLine;
using System.Diagnostics;
using Ablation.Harness.Baselines;
using Ablation.Harness.Data;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.IO;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation data build [--out DIR] [--reduced]</c>: builds the built-in evaluation suite and training data.
/// <c>ablation data baselines [--suite S]</c>: BM25 and random-ranking scores on the retrieval and reranking tasks.
/// </summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Built-in data from WordNet 3.0, FOLDOC and GCIDE (Debian packages).");
        command.Subcommands.Add(CreateBuild());
        command.Subcommands.Add(CreateBaselines());
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
            if (outFolder is not null) CheckBuildOutput(outFolder);
            Interruption.Describe("the data is built in a staging folder and appears only when complete, so nothing partial is kept; " +
                                  "run the same command again (the staging folder of the interrupted run is removed then)");
            var clock = Stopwatch.StartNew();
            void Log(string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {message}");
            var paths = outFolder is null
                ? BuiltinData.EnsureBuilt(BuiltinDataSources.Debian, options, Log)
                : StagingFolder.Build(outFolder, staging =>
                {
                    BuiltinDataBuilder.Build(staging, BuiltinDataSources.Debian, options, Log);
                    return new BuiltinDataPaths(Path.GetFullPath(outFolder));
                }, replace: true, log: Log);
            output.WriteLine($"built-in data in {paths.Root} ({clock.Elapsed.TotalSeconds:F1} s)");
            output.WriteLine($"  suite:        {paths.SuiteFolder}");
            output.WriteLine($"  pairs:        {paths.ContrastivePairsPath}");
            output.WriteLine($"  pretraining:  {paths.PretrainingFolder}");
            output.WriteLine($"  manifest:     {paths.ManifestPath}");
            return ExitCodes.Success;
        });
        return build;
    }

    /// <summary>
    /// <c>--out</c> must be new, empty, or an earlier build (its manifest.json names our recipe), which is then
    /// replaced whole; anything else would be merged with foreign files, so it is refused.
    /// </summary>
    private static void CheckBuildOutput(string outFolder)
    {
        OutputPaths.CheckFolder(outFolder, "--out");
        if (!Directory.Exists(outFolder) || !Directory.EnumerateFileSystemEntries(outFolder).Any()) return;
        string manifest = Path.Combine(outFolder, "manifest.json");
        bool ours = false;
        try { ours = File.Exists(manifest) && System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))?["recipe"]?.GetValue<string>() is { } r && r.StartsWith("builtin-data-", StringComparison.Ordinal); }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException) { }
        if (!ours)
            throw new UserInputException($"--out '{outFolder}': the folder is not empty and is not an earlier 'data build' (no manifest.json of ours); choose a new or empty folder");
    }

    private static Command CreateBaselines()
    {
        var suiteOption = new Option<string>("--suite")
        {
            Description = "Suite folder or registered name (default: builtin:default).",
            DefaultValueFactory = _ => "builtin:default",
        };
        var baselines = new Command("baselines", "Score BM25 and a random ranker on every retrieval and reranking task of a suite.");
        baselines.Options.Add(suiteOption);
        baselines.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            string suite = parse.GetValue(suiteOption)!;
            string folder = suite.Equals("builtin:default", StringComparison.OrdinalIgnoreCase)
                ? BuiltinData.EnsureBuilt(message => output.WriteLine(message)).SuiteFolder
                : SuiteLocator.Resolve(suite);
            var scores = LexicalBaseline.Score(folder).ToList();
            if (scores.Count == 0)
                throw new UserInputException($"--suite '{suite}': the suite has no retrieval or reranking task, and only those have lexical baselines; pick a suite that has one");
            output.WriteLine($"{"task",-36} {"measure",-11} {"bm25",7} {"random",7} {"n",6}");
            foreach (var score in scores)
                output.WriteLine($"{score.Task,-36} {score.Measure,-11} {score.Bm25,7:F4} {score.Random,7:F4} {score.N,6}");
            return ExitCodes.Success;
        });
        return baselines;
    }
}

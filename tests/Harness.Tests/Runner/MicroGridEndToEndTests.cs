using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Cli;
using Ablation.Harness.Runner;
using static Ablation.Harness.Tests.Cli.CliRun;
using static Ablation.Harness.Tests.Runner.RunnerFixtures;

namespace Ablation.Harness.Tests.Runner;

/// <summary>Grids through the command line: train, evaluate, summarise; SIGKILL and restart.</summary>
public class MicroGridEndToEndTests
{
    [Fact]
    public void MicroGridTrainsEvaluatesAndSummarises()
    {
        string folder = TempFolder();
        string results = Path.Combine(folder, "results");
        string gridFile = WriteGrid("micro", [Design("mean", "bidirectional"), Design("eos_last", "causal")], [1, 2], folder);
        var (code, output, error) = Run("run", gridFile, "--out", results, "--workers", "2");
        Assert.True(code == ExitCodes.Success, output + error);
        Assert.Contains("run: 4 of 4 cells done, 0 failed", output);

        var grid = GridLoader.Load(gridFile);
        var scores = new Dictionary<(string Design, string Task), List<double>>();
        foreach (var cell in grid.Cells)
        {
            var folderOf = new ResultsFolder(results).Cell(cell.Id);
            Assert.True(folderOf.IsDone);
            Assert.Equal(1, Starts(results, cell.Id));
            // Trained: a model folder with the steps of the grid, then evaluated on both tasks.
            Assert.True(File.Exists(Path.Combine(folderOf.Path, "embedding_config.json")));
            Assert.Equal(Steps + 1, File.ReadAllLines(folderOf.TrainMetrics).Length);
            foreach (var (task, score) in folderOf.ReadMainScores())
            {
                if (!scores.TryGetValue((cell.Design, task), out var list)) scores[(cell.Design, task)] = list = [];
                list.Add(score!.Value);
            }
        }
        // Seeds give different models.
        var first = grid.Cells.Where(c => c.Design == "mean-bidirectional").Select(c => File.ReadAllBytes(Path.Combine(results, "cells", c.Id, "adapter_model.safetensors"))).ToList();
        Assert.NotEqual(first[0], first[1]);

        // The summary row of each task holds the mean over the two seeds of each design, from metrics.json.
        var lines = output.Split('\n');
        int header = Array.FindIndex(lines, l => l.Contains("mean-bidirectional (n=2)") && l.Contains("eos_last-causal (n=2)"));
        Assert.True(header > 0, output);
        foreach (string task in Tasks)
        {
            var row = lines.Skip(header).First(l => l.TrimStart().StartsWith(task + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(scores[("mean-bidirectional", task)].Average().ToString("F4", CultureInfo.InvariantCulture), row[1]);
            Assert.Equal(scores[("eos_last-causal", task)].Average().ToString("F4", CultureInfo.InvariantCulture), row[2]);
        }

        // A second run finds everything done and runs nothing.
        var (again, againOutput, _) = Run("run", gridFile, "--out", results);
        Assert.Equal(ExitCodes.Success, again);
        Assert.Contains("4 done, 0 failed, 0 running, 0 pending", againOutput);
        Assert.All(grid.Cells, c => Assert.Equal(1, Starts(results, c.Id)));

        var (statusCode, status, _) = Run("status", results, "--json");
        Assert.Equal(ExitCodes.Success, statusCode);
        using var json = JsonDocument.Parse(status);
        Assert.Equal(4, json.RootElement.GetProperty("counts").GetProperty("done").GetInt32());
    }

    /// <summary>
    /// A whole <c>ablation run</c> (runner and workers) SIGKILLed at random points and restarted ends with the results
    /// of an uninterrupted run: per-item scores byte for byte, main scores, trained weights byte for byte, and the
    /// loss of every step. Trials: ABLATION_KILL_TRIALS (default 10).
    /// </summary>
    [Fact]
    [Trait("Category", "Long")]
    public void KilledRunRestartsToIdenticalResults()
    {
        int trials = int.TryParse(Environment.GetEnvironmentVariable("ABLATION_KILL_TRIALS"), out int n) ? n : 10;
        string folder = TempFolder();
        string gridFile = WriteGrid("killed", [Design("mean", "bidirectional"), Design("last_layer_trainable", "causal")], [1], folder);
        var grid = GridLoader.Load(gridFile);
        string reference = Path.Combine(folder, "reference");
        var clock = Stopwatch.StartNew();
        Assert.Equal(ExitCodes.Success, Run("run", gridFile, "--out", reference, "--workers", "2").Code);
        double full = clock.Elapsed.TotalSeconds;

        var random = new Random(11);
        int killed = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            string results = Path.Combine(folder, $"trial-{trial}");
            var info = WorkerLauncher.ForThisHarness().StartInfo("run", gridFile, "--out", results, "--workers", "2");
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            using (var process = Process.Start(info)!)
            {
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (!process.WaitForExit(TimeSpan.FromSeconds(random.NextDouble() * full)))
                {
                    process.Kill(entireProcessTree: true); // SIGKILL to the runner and every worker
                    process.WaitForExit();
                    killed++;
                }
            }
            var (code, output, error) = Run("run", gridFile, "--out", results, "--workers", "2");
            Assert.True(code == ExitCodes.Success, $"trial {trial}: {output}{error}");
            foreach (var cell in grid.Cells)
                AssertSameResults(Path.Combine(reference, "cells", cell.Id), Path.Combine(results, "cells", cell.Id), trial);
        }
        Assert.True(killed >= trials / 2, $"only {killed} of {trials} runs were killed before they finished");
    }

    private static void AssertSameResults(string expected, string actual, int trial)
    {
        Assert.True(File.Exists(Path.Combine(actual, "DONE")), $"trial {trial}: {actual} not done");
        foreach (string task in Tasks)
            Assert.Equal(File.ReadAllBytes(Path.Combine(expected, "scores", task + ".csv")), File.ReadAllBytes(Path.Combine(actual, "scores", task + ".csv")));
        Assert.Equal(new CellFolder(expected).ReadMainScores(), new CellFolder(actual).ReadMainScores());
        foreach (string weights in Directory.GetFiles(expected, "*.safetensors"))
            Assert.True(File.ReadAllBytes(weights).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, Path.GetFileName(weights)))),
                $"trial {trial}: {Path.GetFileName(weights)} differs");
        static IEnumerable<string> Losses(string cell) => File.ReadAllLines(Path.Combine(cell, "train-metrics.csv")).Select(l => string.Join(',', l.Split(',').Take(3)));
        Assert.Equal(Losses(expected), Losses(actual));
    }
}

using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// Evaluates a suite (or the selected tasks of it) with one encoder and writes the outputs under
/// <c>outFolder</c>: <c>scores/&lt;task&gt;.csv</c>, <c>mteb/&lt;Task&gt;.json</c> per task as it finishes, and
/// <c>metrics.json</c> after every task (so an interrupted run keeps what it finished).
/// </summary>
public static class SuiteEvaluator
{
    public static IReadOnlyList<TaskResult> Run(SuiteManifest suite, IReadOnlyCollection<string>? taskFilter, EmbeddingPipeline pipeline,
        string outFolder, string model, string harnessVersion, Action<TaskResult>? onTaskDone = null)
    {
        var tasks = suite.Tasks.ToList();
        if (taskFilter is { Count: > 0 })
        {
            var unknown = taskFilter.Where(name => !tasks.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))).ToList();
            if (unknown.Count > 0)
                throw new UserInputException($"--tasks: unknown task(s) {string.Join(", ", unknown)} in suite '{suite.Name}'; available: {string.Join(", ", tasks.Select(t => t.Name))}");
            tasks = tasks.Where(t => taskFilter.Contains(t.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        }
        var results = new List<TaskResult>();
        foreach (var task in tasks)
        {
            var result = TaskEvaluator.Evaluate(task, pipeline);
            string file = ResultWriter.FileName(task.Name);
            // Claim the folder for this model before its first score file, so an interruption between the files
            // below never leaves score files that no metrics.json accounts for.
            if (!File.Exists(Path.Combine(outFolder, "metrics.json")))
                ResultWriter.WriteMetrics(Path.Combine(outFolder, "metrics.json"), model, suite.Name, harnessVersion, results);
            ResultWriter.WriteItemScores(Path.Combine(outFolder, "scores", file + ".csv"), result.Items);
            ResultWriter.WriteMteb(Path.Combine(outFolder, "mteb", file + ".json"), result, harnessVersion);
            results.Add(result);
            ResultWriter.WriteMetrics(Path.Combine(outFolder, "metrics.json"), model, suite.Name, harnessVersion, results);
            onTaskDone?.Invoke(result);
        }
        return results;
    }
}

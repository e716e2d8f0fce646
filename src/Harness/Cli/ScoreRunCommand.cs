using Ablation.Harness.IO;
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;

namespace Ablation.Harness.Cli;

/// <summary>
/// <c>ablation score-run --qrels Q --run R [--metrics ndcg@10,...] [--per-query] [--json] [--out CSV]</c>:
/// scores a TREC run file with the retrieval evaluator's trec_eval code. Text output follows trec_eval
/// (<c>measure  qid|all  value</c>); <c>--json</c> prints <c>{"aggregate": {...}, "per_query": {...}}</c>;
/// <c>--out</c> writes the per-query CSV in the same layout as <c>scores/&lt;task&gt;.csv</c>.
/// </summary>
public static class ScoreRunCommand
{
    public static Command Create()
    {
        var qrels = new Option<string>("--qrels") { Description = "Relevance judgements: TREC 'qid iter docid rel' or BEIR TSV with header.", Required = true };
        var run = new Option<string>("--run") { Description = "TREC run file: 'qid Q0 docid rank score tag' per line.", Required = true };
        var metrics = new Option<string>("--metrics")
        {
            Description = "Comma-separated measures: ndcg@k, map@k, mrr@k, recall@k, p@k, success@k.",
            DefaultValueFactory = _ => "ndcg@10,map@100,mrr@10,recall@100",
        };
        var perQuery = new Option<bool>("--per-query") { Description = "Also print every query's scores (trec_eval -q style)." };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"aggregate\": {...}, \"per_query\": {\"<qid>\": {...}}}." };
        var output = new Option<string?>("--out") { Description = "Write per-query scores as CSV (input for ablation compare)." };

        var command = new Command("score-run", "Score a TREC run file against qrels with trec_eval semantics.");
        foreach (var option in new Option[] { qrels, run, metrics, perQuery, json, output }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var measures = parse.GetValue(metrics)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(RetrievalMetric.Parse).Distinct().ToList();
            if (measures.Count == 0) throw new UserInputException("--metrics is empty; give e.g. ndcg@10,map@100");
            string runPath = parse.GetValue(run)!;
            if (parse.GetValue(output) is { } outPath) OutputPaths.CheckFile(outPath, "--out");
            var judgements = QrelsReader.Read(parse.GetValue(qrels)!);
            var runs = TrecRunReader.Read(runPath).ToDictionary(p => p.Key, p => TrecEval.Rank(p.Value), StringComparer.Ordinal);
            var manifest = new TaskManifest
            {
                Name = Path.GetFileNameWithoutExtension(runPath), Type = TaskType.Retrieval,
                Folder = Path.GetDirectoryName(Path.GetFullPath(runPath))!, MainScore = measures[0].Name,
            };
            var result = RetrievalEvaluator.ScoreRuns(manifest, runs, judgements, measures, useMtebKeys: false);
            if (result.DroppedItems > 0)
                stderr.WriteLine($"note: {result.DroppedItems} run queries have no relevant document in the qrels and are not scored (trec_eval semantics)");
            if (parse.GetValue(output) is { } csv) ResultWriter.WriteItemScores(csv, result.Items);

            if (parse.GetValue(json))
            {
                var aggregate = new JsonObject();
                foreach (var (key, value) in result.Scores) aggregate[key] = value;
                var perQueryNode = new JsonObject();
                foreach (var (id, values) in result.Items.Rows)
                {
                    var node = new JsonObject();
                    for (int i = 0; i < values.Length; i++) node[result.Items.Columns[i]] = (double)values[i];
                    perQueryNode[id] = node;
                }
                stdout.WriteLine(new JsonObject { ["aggregate"] = aggregate, ["per_query"] = perQueryNode }.ToJsonString());
                return ExitCodes.Success;
            }
            if (parse.GetValue(perQuery))
                foreach (var (id, values) in result.Items.Rows)
                    for (int i = 0; i < values.Length; i++)
                        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Items.Columns[i],-14}\t{id}\t{(double)values[i]:F4}"));
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"num_q",-14}\tall\t{result.Items.Rows.Count}"));
            foreach (var (key, value) in result.Scores)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-14}\tall\t{value:F4}"));
            return ExitCodes.Success;
        });
        return command;
    }
}

using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Results;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Models;
using Ablation.Stats;

namespace Ablation.Harness.Evaluation.Evaluators;

/// <summary>
/// Summarization as MTEB (<c>SummarizationEvaluator</c>): each machine summary's prediction is its maximum
/// cosine (and dot) similarity to the document's human summaries; per document, Spearman and Pearson between
/// predictions and normalised human relevance; documents whose predictions or relevance are all equal are
/// skipped; scores are means over documents. Per-item unit: document; every aggregate is its column's mean.
/// </summary>
public static class SummarizationEvaluator
{
    public static TaskResult Evaluate(SummarizationTaskData data, EmbeddingPipeline pipeline)
    {
        var m = data.Manifest;
        var human = data.Documents.SelectMany(d => d.HumanSummaries).ToList();
        var machine = data.Documents.SelectMany(d => d.MachineSummaries).ToList();
        var humanEmbeddings = pipeline.Encode(human, TextKind.Query, m.QueryInstruction, $"{m.Name} human summaries");
        var machineEmbeddings = pipeline.Encode(machine, TextKind.Query, m.QueryInstruction, $"{m.Name} machine summaries");
        return Score(m, data.Documents, humanEmbeddings, machineEmbeddings);
    }

    /// <summary>Embeddings are the documents' human (resp. machine) summaries concatenated in document order.</summary>
    public static TaskResult Score(TaskManifest manifest, IReadOnlyList<SummarizationDocument> documents, EmbeddingMatrix human, EmbeddingMatrix machine)
    {
        string[] columns = ["cosine_spearman", "cosine_pearson", "dot_spearman", "dot_pearson"];
        var items = new ItemScores("document", columns);
        int h0 = 0, m0 = 0, dropped = 0;
        foreach (var document in documents)
        {
            int nh = document.HumanSummaries.Count, nm = document.MachineSummaries.Count;
            var cosine = new double[nm]; var dot = new double[nm];
            for (int j = 0; j < nm; j++)
            {
                cosine[j] = double.NegativeInfinity; dot[j] = double.NegativeInfinity;
                for (int h = 0; h < nh; h++)
                {
                    cosine[j] = Math.Max(cosine[j], VectorMath.Cosine(machine.Row(m0 + j), human.Row(h0 + h)));
                    dot[j] = Math.Max(dot[j], VectorMath.DotDouble(machine.Row(m0 + j), human.Row(h0 + h)));
                }
            }
            h0 += nh; m0 += nm;
            var relevance = document.Relevance.Select(r => (r - manifest.MinScore) / (manifest.MaxScore - manifest.MinScore)).ToArray();
            if (nm < 2 || cosine.Distinct().Count() == 1 || relevance.Distinct().Count() == 1) { dropped++; continue; }
            items.Add(document.Id, Correlation.Spearman(relevance, cosine), Correlation.Pearson(relevance, cosine),
                Correlation.Spearman(relevance, dot), Correlation.Pearson(relevance, dot));
        }
        if (items.Rows.Count == 0)
            throw new UserInputException($"task '{manifest.Name}': every document was skipped (constant predictions or relevance); summarization needs varied relevance scores");
        var scores = columns.Select(c => new KeyValuePair<string, double>(c, items.Column(c).Average())).ToList();
        return new TaskResult { Manifest = manifest, Scores = scores, Items = items, DecomposableScores = columns, DroppedItems = dropped };
    }
}

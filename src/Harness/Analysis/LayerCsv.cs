using System.Globalization;
using Ablation.Harness.IO;

namespace Ablation.Harness.Analysis;

/// <summary>
/// The CSV files of the layer analysis. Matrices (<c>cka.csv</c>, <c>cosine.csv</c>): header
/// <c>pooling,layer,0,1,…,L</c>, then one row per (pooling, layer i) whose column j is the similarity of layers i
/// and j. <c>per-layer-scores.csv</c>: <c>layer,pooling,task,category,metric,main_score</c>. Numbers are invariant
/// culture, round-trip precision; an undefined value is <c>NaN</c>.
/// </summary>
public static class LayerCsv
{
    public static void WriteMatrices(string path, IReadOnlyList<(string Pooling, double[,] Values)> matrices)
    {
        AtomicFile.WriteText(path, w =>
        {
            int n = matrices[0].Values.GetLength(0);
            w.WriteLine("pooling,layer," + string.Join(",", Enumerable.Range(0, n)));
            foreach (var (pooling, values) in matrices)
                for (int i = 0; i < n; i++)
                    w.WriteLine($"{pooling},{i}," + string.Join(",", Enumerable.Range(0, n).Select(j => Number(values[i, j]))));
        });
    }

    public static void WriteScores(string path, IReadOnlyList<LayerScore> scores)
    {
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine("layer,pooling,task,category,metric,main_score");
            foreach (var s in scores)
                w.WriteLine($"{s.Layer},{s.Pooling},{CsvField.Escape(s.Task)},{s.Category},{CsvField.Escape(s.Metric)},{Number(s.MainScore)}");
        });
    }

    private static string Number(double value) => double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
}

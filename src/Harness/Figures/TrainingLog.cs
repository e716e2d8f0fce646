using System.Globalization;
using Ablation.Harness.Reporting;
using CsvHelper;
using CsvHelper.Configuration;

namespace Ablation.Harness.Figures;

/// <summary>Loss per step of one cell's stage, read from its train-metrics.csv (columns stage, step, loss, ...).</summary>
public sealed record TrainingLog(string Design, long Seed, string Stage, double[] Steps, double[] Loss)
{
    public const string FileName = "train-metrics.csv";

    /// <summary>Every stage of every cell that has a train-metrics.csv (unfinished cells too: their curve so far).</summary>
    public static List<TrainingLog> ReadAll(IEnumerable<GridCell> cells)
    {
        var logs = new List<TrainingLog>();
        foreach (var cell in cells)
        {
            string path = Path.Combine(cell.Folder, FileName);
            if (!File.Exists(path)) continue;
            using var reader = new StreamReader(path);
            using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { MissingFieldFound = null });
            if (!csv.Read()) continue;
            csv.ReadHeader();
            var header = csv.HeaderRecord ?? [];
            int stage = Array.IndexOf(header, "stage"), step = Array.IndexOf(header, "step"), loss = Array.IndexOf(header, "loss");
            if (step < 0 || loss < 0)
                throw new UserInputException($"{path} line 1: needs columns 'step' and 'loss' (found {string.Join(",", header)}); the trainer writes stage,step,loss,...");
            var byStage = new Dictionary<string, (List<double> S, List<double> L)>();
            var order = new List<string>();
            while (csv.Read())
            {
                string name = stage >= 0 ? csv.GetField(stage) ?? "" : "training";
                if (!double.TryParse(csv.GetField(step), NumberStyles.Float, CultureInfo.InvariantCulture, out double s)
                    || !double.TryParse(csv.GetField(loss), NumberStyles.Float, CultureInfo.InvariantCulture, out double l))
                    continue;   // a half-written last row of a running cell
                if (!byStage.TryGetValue(name, out var lists)) { byStage[name] = lists = ([], []); order.Add(name); }
                lists.S.Add(s); lists.L.Add(l);
            }
            foreach (var name in order) logs.Add(new TrainingLog(cell.Design, cell.Seed, name, byStage[name].S.ToArray(), byStage[name].L.ToArray()));
        }
        return logs;
    }
}

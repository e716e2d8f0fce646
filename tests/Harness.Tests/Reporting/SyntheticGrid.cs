using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Evaluation.Metrics;
using Ablation.Stats;

namespace Ablation.Harness.Tests.Reporting;

/// <summary>
/// Writes a grid results folder in the layout of docs/results-layout.md (grid.json, cells/&lt;id&gt;/cell.json,
/// metrics.json, scores/&lt;task&gt;.csv with the columns `ablation eval` writes, train-metrics.csv, DONE / FAILED /
/// lock). Every cell scores the same items; a design differs from the others only where an effect is planted, and
/// each cell adds independent per-item noise (so with no planted effect, designs are exchangeable: the null).
/// </summary>
internal sealed class SyntheticGrid
{
    public required string[] Designs { get; init; }
    public int Seeds { get; init; } = 2;
    public required (string Name, string Type)[] Tasks { get; init; }
    public int Items { get; init; } = 200;
    /// <summary>Planted effects: (design, task) → effect in the task type's latent units.</summary>
    public Dictionary<(string Design, string Task), double> Planted { get; init; } = [];
    /// <summary>Cells to leave unfinished: (design, seed) → "pending", "running" or "failed".</summary>
    public Dictionary<(string Design, int Seed), string> Unfinished { get; init; } = [];
    /// <summary>Tasks whose scores are rounded to one decimal (many ties: the tie-group paths of ranks and AP).</summary>
    public HashSet<string> Tied { get; init; } = [];
    /// <summary>Pair classification's four score columns rank the pairs differently (by default they are monotone in each other).</summary>
    public bool DistinctPairColumns { get; init; }

    public static readonly (string Name, string Type)[] AllTypes =
    [
        ("Retrieval1", "retrieval"), ("Sts1", "sts"), ("Classification1", "classification"),
        ("Clustering1", "clustering"), ("PairClassification1", "pair_classification"),
    ];

    public static string CellId(string design, int seed) => $"{design}-s{seed}";

    public void Write(string root, int seed)
    {
        Directory.CreateDirectory(Path.Combine(root, "cells"));
        var latentRng = new Random(seed);
        var latent = Tasks.ToDictionary(t => t.Name, _ => Enumerable.Range(0, Items).Select(_ => latentRng.NextDouble()).ToArray());
        var cells = Designs.SelectMany(d => Enumerable.Range(1, Seeds).Select(s => (Design: d, Seed: s))).ToList();
        var grid = new Dictionary<string, object?>
        {
            ["format"] = 1, ["name"] = Path.GetFileName(root), ["source"] = "synthetic", ["baseline"] = Designs[0],
            ["designs"] = Designs.ToDictionary(d => d, d => new Dictionary<string, object> { ["pooling"] = d }),
            ["cells"] = cells.Select(c => new Dictionary<string, object> { ["id"] = CellId(c.Design, c.Seed), ["design"] = c.Design, ["seed"] = c.Seed }).ToList(),
            ["evaluation"] = new Dictionary<string, object> { ["suite"] = "synthetic" },
        };
        File.WriteAllText(Path.Combine(root, "grid.json"), JsonSerializer.Serialize(grid));
        int index = 0;
        foreach (var (design, s) in cells)
        {
            string folder = Path.Combine(root, "cells", CellId(design, s));
            Directory.CreateDirectory(Path.Combine(folder, "scores"));
            File.WriteAllText(Path.Combine(folder, "cell.json"), JsonSerializer.Serialize(new { format = 1, id = CellId(design, s), design, seed = s, grid = "synthetic" }));
            var rng = new Random(seed * 7919 + ++index);
            var tasks = new Dictionary<string, object>();
            foreach (var (name, type) in Tasks)
            {
                double effect = Planted.GetValueOrDefault((design, name));
                var (main, unit, decomposable, value) = WriteScores(Path.Combine(folder, "scores", name + ".csv"), type, latent[name], effect, rng,
                    Tied.Contains(name), DistinctPairColumns);
                tasks[name] = new Dictionary<string, object?>
                {
                    ["type"] = type, ["split"] = "test", ["main_score_name"] = main, ["main_score"] = value, ["unit"] = unit, ["n_items"] = Items,
                    ["dropped_items"] = 0, ["scores_file"] = $"scores/{name}.csv", ["decomposable"] = decomposable ? new[] { main } : Array.Empty<string>(),
                    ["evaluation_time"] = 0.0, ["scores"] = new Dictionary<string, double> { [main] = value },
                };
            }
            File.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(new { model = folder, suite = "synthetic", harness_version = "test", tasks }));
            using (var log = new StreamWriter(Path.Combine(folder, "train-metrics.csv")))
            {
                log.WriteLine("stage,step,loss,lr,grad_norm,tokens_per_s,seconds");
                for (int step = 1; step <= 30; step++)
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"contrastive,{step},{2 * Math.Exp(-step / 10.0) + 0.2 + 0.02 * Gauss(rng)},0.0005,1,1000,{step * 0.1}"));
            }
            switch (Unfinished.GetValueOrDefault((design, s)))
            {
                case null: File.WriteAllText(Path.Combine(folder, "DONE"), "{\"finished\": \"now\", \"seconds\": 1}"); break;
                case "running": File.WriteAllText(Path.Combine(folder, "lock"), "{\"pid\": 1, \"host\": \"h\", \"started\": \"now\"}"); break;
                case "failed": File.WriteAllText(Path.Combine(folder, "FAILED"), "{\"error\": \"out of memory in stage contrastive\", \"detail\": \"\", \"time\": \"now\"}"); break;
                default: break;
            }
        }
    }

    private static (string Main, string Unit, bool Decomposable, double Value) WriteScores(string path, string type, double[] latent, double effect, Random rng,
        bool tied = false, bool distinctPairColumns = false)
    {
        using var w = new StreamWriter(path);
        double T(double x) => tied ? Math.Round(x, 1) : x;
        string F(double x) => T(x).ToString("R", CultureInfo.InvariantCulture);
        int n = latent.Length;
        switch (type)
        {
            case "retrieval":
            {
                w.WriteLine("id,ndcg_at_10,recall_at_10");
                var v = latent.Select(x => Math.Clamp(x + effect + 0.2 * Gauss(rng), 0, 1)).ToArray();
                for (int i = 0; i < n; i++) w.WriteLine($"q{i},{F(v[i])},{F(v[i])}");
                return ("ndcg_at_10", "query", true, v.Select(T).Average());
            }
            case "classification":
            {
                w.WriteLine("id,label,prediction_0,accuracy");
                var v = latent.Select(x => rng.NextDouble() < Math.Clamp(0.2 + 0.6 * x + effect, 0, 1) ? 1 : 0).ToArray();
                for (int i = 0; i < n; i++) w.WriteLine($"i{i},c{i % 3},c{(i + v[i]) % 3},{v[i]}");
                return ("accuracy", "item", true, v.Average());
            }
            case "sts":
            {
                w.WriteLine("id,gold,cosine,manhattan,euclidean");
                var gold = latent;
                var cosine = gold.Select(g => g + Math.Max(0.05, 0.6 - effect) * Gauss(rng)).ToArray();
                for (int i = 0; i < n; i++) w.WriteLine($"p{i},{F(gold[i])},{F(cosine[i])},{F(-2 * cosine[i])},{F(-cosine[i])}");
                return ("cosine_spearman", "pair", false, Correlation.Spearman(cosine.Select(T).ToArray(), gold.Select(T).ToArray()));
            }
            case "clustering":
            {
                w.WriteLine("id,label,cluster");
                var truth = latent.Select(x => (int)(x * 6)).ToArray();
                var clusters = truth.Select(t => rng.NextDouble() < 0.4 + effect ? t : rng.Next(6)).ToArray();
                for (int i = 0; i < n; i++) w.WriteLine($"i{i},label{truth[i]},{clusters[i]}");
                return ("v_measure", "item", false, ClusteringScores.VMeasure(truth, clusters));
            }
            case "pair_classification":
            {
                w.WriteLine("id,label,cosine,dot,euclidean,manhattan,cosine_correct");
                var labels = latent.Select(x => x > 0.5).ToArray();
                var cosine = labels.Select(l => (l ? 0.5 + effect : 0) + 0.6 * Gauss(rng)).ToArray();
                // By default dot = cosine and the distances are monotone in it (one ranking); otherwise each column has its own noise.
                var dot = distinctPairColumns ? cosine.Select(c => c + 0.3 * Gauss(rng)).ToArray() : cosine;
                var euclidean = distinctPairColumns ? cosine.Select(c => 1 - c + 0.3 * Gauss(rng)).ToArray() : cosine.Select(c => 1 - c).ToArray();
                var manhattan = cosine.Select(c => 2 - 2 * c).ToArray();
                for (int i = 0; i < n; i++)
                    w.WriteLine($"p{i},{(labels[i] ? 1 : 0)},{F(cosine[i])},{F(dot[i])},{F(euclidean[i])},{F(manhattan[i])},{((cosine[i] > 0.25) == labels[i] ? 1 : 0)}");
                return ("max_ap", "pair", false, AveragePrecision.Compute(cosine.Select(T).ToArray(), labels));
            }
            default: throw new ArgumentException(type);
        }
    }

    public static double Gauss(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ablation-report-" + Guid.NewGuid().ToString("N")[..10]);
    public TempFolder() => Directory.CreateDirectory(Path);
    public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
}

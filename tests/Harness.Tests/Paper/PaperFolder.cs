using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Training.Spec;

namespace Ablation.Harness.Tests.Paper;

/// <summary>
/// Writes a grid results folder (docs/results-layout.md) whose designs are given by their resolved model specs
/// (each cell gets the canonical config.json the runner writes) and whose per-item scores come from a function, so a
/// test knows every task's main score exactly. Every task's main score is the mean of a per-item "score" column
/// (declared decomposable), whatever its type; the type only decides the category.
/// </summary>
internal sealed class PaperFolder
{
    public required (string Name, ModelSpec Spec)[] Designs { get; init; }
    public required (string Name, string Type)[] Tasks { get; init; }
    public int[] Seeds { get; init; } = [1, 2];
    /// <summary>(design, seed, task) → per-item scores (the same item count for every cell of a task).</summary>
    public required Func<string, int, string, double[]> Scores { get; init; }
    /// <summary>Optional (design, seed) → stage-II loss per step, written to train-metrics.csv.</summary>
    public Func<string, int, double[]>? Loss { get; init; }

    public static ModelSpec Spec(string pooling = "eos_last", string attention = "causal", StageKind[]? stages = null, double wD2Q = 0.8, double wQ2D = 0.2,
        int steps = 100) =>
        new()
        {
            Pooling = pooling, Attention = attention == "causal" ? AttentionKind.Causal : AttentionKind.Bidirectional,
            Stages = stages ?? [StageKind.Contrastive], Reconstruction = new ReconstructionSettings { WD2Q = wD2Q, WQ2D = wQ2D },
            Contrastive = new ContrastiveSettings { Steps = steps },
        };

    public static readonly StageKind[] RecCon = [StageKind.Reconstruction, StageKind.Contrastive];

    public static string CellId(string design, int seed) => $"{new string(design.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray())}-s{seed}";

    public void Write(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "cells"));
        var cells = Seeds.SelectMany(s => Designs.Select(d => (Design: d.Name, Seed: s))).ToList();
        var grid = new Dictionary<string, object?>
        {
            ["format"] = 1, ["name"] = Path.GetFileName(root), ["source"] = "synthetic", ["baseline"] = Designs[0].Name,
            ["designs"] = Designs.ToDictionary(d => d.Name, _ => new Dictionary<string, object>()),
            ["cells"] = cells.Select(c => new Dictionary<string, object> { ["id"] = CellId(c.Design, c.Seed), ["design"] = c.Design, ["seed"] = c.Seed }).ToList(),
        };
        File.WriteAllText(Path.Combine(root, "grid.json"), JsonSerializer.Serialize(grid));
        string F(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        foreach (var (design, seed) in cells)
        {
            string folder = Path.Combine(root, "cells", CellId(design, seed));
            Directory.CreateDirectory(Path.Combine(folder, "scores"));
            File.WriteAllText(Path.Combine(folder, "cell.json"), JsonSerializer.Serialize(new { format = 1, id = CellId(design, seed), design, seed, grid = "synthetic" }));
            var spec = Designs.First(d => d.Name == design).Spec with { Seed = seed };
            File.WriteAllText(Path.Combine(folder, "config.json"), ModelSpecWriter.Write(spec));
            var tasks = new Dictionary<string, object>();
            foreach (var (name, type) in Tasks)
            {
                var v = Scores(design, seed, name);
                using (var w = new StreamWriter(Path.Combine(folder, "scores", name + ".csv")))
                {
                    w.WriteLine("id,score");
                    for (int i = 0; i < v.Length; i++) w.WriteLine($"i{i},{F(v[i])}");
                }
                tasks[name] = new Dictionary<string, object?>
                {
                    ["type"] = type, ["split"] = "test", ["main_score_name"] = "score", ["main_score"] = v.Average(), ["unit"] = "item", ["n_items"] = v.Length,
                    ["scores_file"] = $"scores/{name}.csv", ["decomposable"] = new[] { "score" },
                };
            }
            File.WriteAllText(Path.Combine(folder, "metrics.json"), JsonSerializer.Serialize(new { model = folder, suite = "synthetic", tasks }));
            if (Loss?.Invoke(design, seed) is { } loss)
                using (var log = new StreamWriter(Path.Combine(folder, "train-metrics.csv")))
                {
                    log.WriteLine("stage,step,loss,lr,grad_norm,tokens_per_s,seconds");
                    for (int step = 0; step < loss.Length; step++) log.WriteLine($"contrastive,{step + 1},{F(loss[step])},0.0005,1,1000,{step}");
                }
            File.WriteAllText(Path.Combine(folder, "DONE"), "{\"finished\": \"now\", \"seconds\": 1}");
        }
    }

    /// <summary>n per-item values whose mean is exactly <paramref name="mean"/> up to rounding: mean ± a symmetric spread, shuffled by seed.</summary>
    public static double[] AroundMean(double mean, int n, int seed, double spread = 0.01)
    {
        var v = new double[n];
        for (int i = 0; i < n / 2; i++) { double e = spread * (i + 1) / (n / 2); v[2 * i] = mean + e; v[2 * i + 1] = mean - e; }
        if (n % 2 == 1) v[n - 1] = mean;
        var rng = new Random(seed);
        rng.Shuffle(v);
        return v;
    }

    public static double Gauss(Random rng) => Ablation.Harness.Tests.Reporting.SyntheticGrid.Gauss(rng);
}

using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Analysis;
using Ablation.Harness.IO;

namespace Ablation.Harness.Figures.Paper;

/// <summary>
/// Paper A Fig. 1 (layer × layer similarity of a base model's hidden states) and Fig. 2 (main score of embeddings
/// taken from each layer), redrawn from the CSV files of an <c>ablation analyze layers</c> output folder. The
/// analysis is not run here: it needs the base model and minutes to hours; point <c>--layers</c> at its output.
/// </summary>
public static class LayerArtefacts
{
    public const string Fig1 = "a-fig1", Fig2 = "a-fig2";

    /// <summary>Writes a-fig1-* (heatmaps + the matrices' CSV); returns the files written.</summary>
    public static IReadOnlyList<string> WriteFig1(string layers, string output)
    {
        var files = new List<string>();
        string who = Describe(layers);
        foreach (var (file, method) in new[] { ("cka.csv", "Linear CKA"), ("cosine.csv", "mean cosine") })
        {
            string path = Require(layers, file, Fig1);
            foreach (var (variant, values) in ReadMatrices(path))
            {
                string title = variant == CosineVariants.Tokens
                    ? $"A Fig. 1: per-token cosine of layers ({who})"
                    : $"A Fig. 1: {method} of layers, {LayerPooling.Title(variant)} ({who})";
                files.AddRange(LayerFigures.Heatmap(Path.Combine(output, $"{Fig1}-{Path.GetFileNameWithoutExtension(file)}-{variant}"), values, title,
                    file == "cka.csv" ? 0 : null, 1));
            }
            files.Add(Copy(path, Path.Combine(output, $"{Fig1}-{file}")));
        }
        return files;
    }

    /// <summary>Writes a-fig2 (score by layer per category) and its CSV; returns the files written.</summary>
    public static IReadOnlyList<string> WriteFig2(string layers, string output)
    {
        string path = Require(layers, "per-layer-scores.csv", Fig2);
        var scores = ReadScores(path);
        if (scores.Count == 0) throw new UserInputException($"{path}: no rows; re-run ablation analyze layers without --no-eval");
        var files = new List<string>(LayerFigures.ScoresByLayer(Path.Combine(output, Fig2), scores, scores.Max(s => s.Layer),
            $"A Fig. 2: main score by layer ({Describe(layers)})"));
        files.Add(Copy(path, Path.Combine(output, $"{Fig2}-per-layer-scores.csv")));
        return files;
    }

    private static string Require(string layers, string file, string artefact)
    {
        if (!Directory.Exists(layers))
            throw new UserInputException($"--layers {layers}: folder not found; run 'ablation analyze layers --model <base> --suite <suite> --out {layers}' first ({artefact} redraws its output)");
        string path = Path.Combine(layers, file);
        if (!File.Exists(path))
            throw new UserInputException($"--layers {layers}: no {file}; give the output folder of 'ablation analyze layers'" +
                (file == "per-layer-scores.csv" ? " run without --no-eval" : ""));
        return path;
    }

    private static string Describe(string layers)
    {
        string summary = Path.Combine(layers, "analysis.json");
        if (!File.Exists(summary)) return Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(layers)));
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(summary));
            var root = doc.RootElement;
            string model = root.TryGetProperty("model", out var m) ? m.GetString() ?? "?" : "?";
            string texts = root.TryGetProperty("sample_texts", out var s) && s.TryGetInt32(out int n) ? $", {n} texts" : "";
            return Path.GetFileName(Path.TrimEndingDirectorySeparator(model)) + texts;
        }
        catch (JsonException) { return Path.GetFileName(layers); }
    }

    private static string Copy(string from, string to)
    {
        AtomicFile.WriteAllBytes(to, File.ReadAllBytes(from));
        return to;
    }

    /// <summary>Reads a matrices CSV (header pooling,layer,0..L; one row per variant and layer) into variant → [layer, layer].</summary>
    public static IReadOnlyList<(string Variant, double[,] Values)> ReadMatrices(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count < 2 || !lines[0].StartsWith("pooling,layer,", StringComparison.Ordinal))
            throw new UserInputException($"{path} line 1: expected the header 'pooling,layer,0,1,...' that ablation analyze layers writes");
        int n = lines[0].Split(',').Length - 2;
        var result = new List<(string, double[,])>();
        var rows = new Dictionary<string, double[,]>();
        for (int i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length != n + 2 || !int.TryParse(f[1], CultureInfo.InvariantCulture, out int layer) || layer < 0 || layer >= n)
                throw new UserInputException($"{path} line {i + 1}: expected a variant, a layer in 0..{n - 1} and {n} numbers");
            if (!rows.TryGetValue(f[0], out var values)) { rows[f[0]] = values = new double[n, n]; result.Add((f[0], values)); }
            for (int j = 0; j < n; j++) values[layer, j] = Parse(f[j + 2], path, i + 1);
        }
        return result;
    }

    /// <summary>Reads per-layer-scores.csv (layer,pooling,task,category,metric,main_score).</summary>
    public static IReadOnlyList<LayerScore> ReadScores(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || lines[0] != "layer,pooling,task,category,metric,main_score")
            throw new UserInputException($"{path} line 1: expected the header 'layer,pooling,task,category,metric,main_score'");
        var scores = new List<LayerScore>();
        for (int i = 1; i < lines.Count; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length != 6 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out int layer))
                throw new UserInputException($"{path} line {i + 1}: expected 6 fields starting with a layer number");
            scores.Add(new LayerScore(layer, f[1], f[2], f[3], f[4], Parse(f[5], path, i + 1)));
        }
        return scores;
    }

    private static double Parse(string s, string path, int line) =>
        s == "NaN" ? double.NaN
        : double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v
        : throw new UserInputException($"{path} line {line}: '{s}' is not a number");
}

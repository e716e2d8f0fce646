using Ablation.Harness.IO.Settings;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Loaders;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Harness.IO;
using Ablation.Models;
using Ablation.Models.Decoders;

namespace Ablation.Harness.Analysis;

/// <summary>
/// <c>ablation analyze layers</c> (paper A Fig. 1 and 2): layer × layer similarity of a base model's hidden states
/// on a seeded sample of the suite's texts (linear CKA and mean cosine, EOS-last and mean pooled, plus per-token
/// cosine), and the suite evaluated on embeddings from every layer. Writes CSV, figures and analysis.json.
/// </summary>
public static class LayerAnalyzer
{
    /// <summary>Validates the request, loads model and suite, analyses, writes; user mistakes throw <see cref="UserInputException"/>.</summary>
    public static LayerAnalysisResult Run(LayerAnalysisRequest request, TextWriter log, bool showProgress = false)
    {
        Validate(request);
        var suite = SuiteManifest.Load(SuiteLocator.Resolve(request.Suite));
        var tasks = SelectTasks(suite, request.Tasks);
        string folder = ResolveModel(request.Model);
        EmbeddingModel model;
        try
        {
            model = EmbeddingModel.Load(folder, new EmbeddingLoadOptions
            {
                MaxLength = request.MaxLength,
                BatchSize = request.BatchSize,
                ResolveBase = reference => reference.StartsWith("builtin:", StringComparison.Ordinal) ? EmbeddingModelEncoder.ResolveNamedModel(reference) : null,
                ReadConfig = EmbeddingModelConfigReader.Read,
            });
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or InvalidDataException or ArgumentException or KeyNotFoundException)
        {
            throw new UserInputException($"--model '{request.Model}': {e.Message}", e);
        }
        using (model)
        {
            if (model.Lora is not null)
                log.WriteLine($"analyze layers: note: {request.Model} carries LoRA adapters, so this describes the fine-tuned decoder, not the base model");
            return Analyze(model, request.Model, suite.Name, tasks, request, log, showProgress);
        }
    }

    /// <summary>The analysis itself on a loaded model (tests call this with a model built in memory).</summary>
    public static LayerAnalysisResult Analyze(EmbeddingModel model, string modelName, string suiteName, IReadOnlyList<TaskManifest> tasks,
        LayerAnalysisRequest request, TextWriter log, bool showProgress = false, string? tempRoot = null)
    {
        Validate(request);
        var clock = Stopwatch.StartNew();
        string outFolder = request.Out ?? DefaultOutput(request.Model);
        Directory.CreateDirectory(outFolder);
        var pooler = new LayerPooler(model);
        int lastLayer = pooler.States - 1;
        log.WriteLine($"analyze layers: {modelName} ({lastLayer} layers + embeddings, dim {pooler.Dimension}, {model.Attention.Name()} attention), " +
                      $"suite {suiteName} ({tasks.Count} tasks) → {Path.GetFullPath(outFolder)}");

        // 1. Similarity on a fixed sample, in batches of similar length (less padding); CKA does not depend on row order.
        var all = SuiteTexts.Collect(tasks);
        var sample = SuiteTexts.Sample(all, Math.Min(request.Sample, all.Count), request.Seed)
            .OrderByDescending(t => t.Length).ThenBy(t => t, StringComparer.Ordinal).ToList();
        if (sample.Count < 2)
            throw new UserInputException($"--suite '{request.Suite}': the selected tasks hold {sample.Count} distinct text(s); layer similarity needs at least 2");
        var similarity = new LayerSimilarity(pooler.States, pooler.Dimension, sample.Count);
        WithProgress(showProgress, $"similarity sample ({sample.Count} texts)", sample.Count, advance =>
        {
            for (int start = 0; start < sample.Count; start += pooler.BatchSize)
            {
                var batch = sample.GetRange(start, Math.Min(pooler.BatchSize, sample.Count - start));
                similarity.Add(pooler.Pool(batch, TextKind.Document, null, normalize: false, similarity.Tokens), batch.Count);
                advance(batch.Count);
            }
        });
        var cka = LayerPooling.All.ToDictionary(p => p, similarity.Cka);
        var cosine = CosineVariants.All.ToDictionary(v => v, similarity.Cosine);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"analyze layers: similarity on {sample.Count} of {all.Count} texts ({similarity.Tokens.Tokens} tokens, seed {request.Seed}); " +
            $"CKA(0, {lastLayer}) = {cka[LayerPooling.EosLast][0, lastLayer]:F3} eos_last, {cka[LayerPooling.Mean][0, lastLayer]:F3} mean"));

        // 2. Every layer evaluated on the suite.
        IReadOnlyList<LayerScore> scores = [];
        long peakFloats = 0;
        var notes = new List<string>();
        if (!request.SkipEvaluation)
        {
            WithProgress(showProgress, "per-layer evaluation", tasks.Count * LayerPooling.All.Count * pooler.States, advance =>
                scores = PerLayerEvaluation.Run(pooler, tasks, modelName, onEvaluated: _ => advance(1), tempRoot: tempRoot,
                    onPeakFloats: f => peakFloats = Math.Max(peakFloats, f), onNote: notes.Add));
            foreach (var note in notes) log.WriteLine($"analyze layers: note: {note}");
            foreach (var pooling in LayerPooling.All)
            {
                // Layers where some task has no score (NaN) cannot be ranked.
                var means = scores.Where(s => s.Pooling == pooling).GroupBy(s => s.Layer)
                    .Select(g => (Layer: g.Key, Mean: g.Average(s => s.MainScore))).Where(x => !double.IsNaN(x.Mean))
                    .OrderByDescending(x => x.Mean).ThenBy(x => x.Layer).ToList();
                if (means.Count == 0 || tasks.Count == 0) continue;
                double last = scores.Where(s => s.Pooling == pooling && s.Layer == lastLayer).Average(s => s.MainScore);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"analyze layers: {pooling}: mean main score over tasks {last:F4} at the last layer, best {means[0].Mean:F4} at layer {means[0].Layer}"));
            }
        }

        // 3. Files.
        var files = new List<string>();
        string Out(string name) { var p = Path.Combine(outFolder, name); files.Add(p); return p; }
        LayerCsv.WriteMatrices(Out("cka.csv"), LayerPooling.All.Select(p => (p, cka[p])).ToList());
        LayerCsv.WriteMatrices(Out("cosine.csv"), CosineVariants.All.Select(v => (v, cosine[v])).ToList());
        string who = $"{ShortName(modelName)}, {sample.Count} texts";
        foreach (var pooling in LayerPooling.All)
            files.AddRange(LayerFigures.Heatmap(Path.Combine(outFolder, $"cka-{pooling}"), cka[pooling],
                $"Linear CKA between layers, {LayerPooling.Title(pooling)} ({who})", 0, 1));
        foreach (var variant in CosineVariants.All)
            files.AddRange(LayerFigures.Heatmap(Path.Combine(outFolder, $"cosine-{variant}"), cosine[variant],
                variant == CosineVariants.Tokens
                    ? $"Mean per-token cosine between layers ({who})"
                    : $"Mean cosine between layers, {LayerPooling.Title(variant)} ({who})",
                maximum: 1));
        if (!request.SkipEvaluation)
        {
            LayerCsv.WriteScores(Out("per-layer-scores.csv"), scores);
            files.AddRange(LayerFigures.ScoresByLayer(Path.Combine(outFolder, "per-layer-scores"), scores, lastLayer,
                $"Main score by layer ({ShortName(modelName)} on {suiteName})"));
        }
        var result = new LayerAnalysisResult
        {
            OutFolder = outFolder, States = pooler.States, Dimension = pooler.Dimension, SampleSize = sample.Count,
            SampleTokens = similarity.Tokens.Tokens, Cka = cka, Cosine = cosine, Scores = scores,
            SimilarityKeptFloats = similarity.KeptFloats, EvaluationPeakFloats = peakFloats, Files = files,
        };
        WriteSummary(Out("analysis.json"), result, request, modelName, suiteName, all.Count, clock.Elapsed.TotalSeconds);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"analyze layers: wrote {files.Count} files in {clock.Elapsed.TotalSeconds:F1} s"));
        return result;
    }

    /// <summary>results/analysis/&lt;model name&gt;-layers, with characters that are awkward in paths replaced.</summary>
    public static string DefaultOutput(string model)
    {
        string name = ShortName(model);
        string safe = new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return Path.Combine("results", "analysis", safe + "-layers");
    }

    private static string ShortName(string model) =>
        Directory.Exists(model) ? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(model))) : model;

    private static void Validate(LayerAnalysisRequest request)
    {
        if (request.Sample < 2) throw new UserInputException($"--sample must be at least 2 texts, not {request.Sample}");
        if (request.MaxLength < 2) throw new UserInputException($"--max-length must be at least 2 tokens, not {request.MaxLength}");
        if (request.BatchSize < 1) throw new UserInputException($"--batch-size must be positive, not {request.BatchSize}");
        if (request.Out is { } o && File.Exists(o)) throw new UserInputException($"--out '{o}' is a file; give a folder");
    }

    private static IReadOnlyList<TaskManifest> SelectTasks(SuiteManifest suite, IReadOnlyList<string>? names)
    {
        if (names is not { Count: > 0 }) return suite.Tasks;
        var unknown = names.Where(n => !suite.Tasks.Any(t => string.Equals(t.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            throw new UserInputException($"--tasks: unknown task(s) {string.Join(", ", unknown)} in suite '{suite.Name}'; available: {string.Join(", ", suite.Tasks.Select(t => t.Name))}");
        return suite.Tasks.Where(t => names.Contains(t.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private static string ResolveModel(string model)
    {
        if (model.StartsWith("builtin:", StringComparison.Ordinal))
            return EmbeddingModelEncoder.ResolveNamedModel(model)
                   ?? throw new UserInputException($"--model '{model}': unknown built-in model; use builtin:tiny-base or a Hugging Face checkpoint folder");
        if (!Directory.Exists(model)) throw new UserInputException($"--model '{model}': folder not found; give a checkpoint folder or builtin:tiny-base");
        return model;
    }

    private static void WithProgress(bool show, string label, int total, Action<Action<int>> work)
    {
        ConsoleProgress.Run(show && total > 0 ? Console.Out : TextWriter.Null, label, total, progress => work(n => progress.Advance(n)));
    }

    /// <summary>Peak resident set size of this process so far (VmHWM), where /proc exists.</summary>
    private static long? PeakRssMiB()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private static void WriteSummary(string path, LayerAnalysisResult result, LayerAnalysisRequest request, string model, string suite, int suiteTexts, double seconds)
    {
        AtomicFile.Write(path, stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteString("suite", suite);
            json.WriteNumber("layers", result.States - 1);
            json.WriteNumber("hidden_states", result.States);
            json.WriteNumber("dimension", result.Dimension);
            json.WriteNumber("max_length", request.MaxLength);
            json.WriteNumber("seed", request.Seed);
            json.WriteNumber("suite_texts", suiteTexts);
            json.WriteNumber("sample_texts", result.SampleSize);
            json.WriteNumber("sample_tokens", result.SampleTokens);
            json.WriteString("similarity_methods", "linear CKA (column-centred, Gram form, float64); mean cosine of pooled vectors; mean per-token cosine over real tokens");
            json.WriteString("pooled_vectors", "eos_last = state of the appended EOS (last real token); mean = masked mean over real tokens; raw for similarity, L2-normalised for evaluation");
            json.WriteNumber("similarity_kept_floats", result.SimilarityKeptFloats);
            json.WriteNumber("evaluation_peak_floats", result.EvaluationPeakFloats);
            if (PeakRssMiB() is { } rss) json.WriteNumber("peak_rss_mib", rss);
            json.WriteNumber("tasks_evaluated", result.Scores.Select(s => s.Task).Distinct().Count());
            json.WriteNumber("seconds", Math.Round(seconds, 1));
            json.WriteEndObject();
        });
    }
}

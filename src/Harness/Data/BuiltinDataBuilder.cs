using System.Security.Cryptography;
using System.Text.Json;
using Ablation.Harness.Data.Foldoc;
using Ablation.Harness.Data.PretrainingCorpus;
using Ablation.Harness.Data.Tasks;
using Ablation.Harness.Data.Training;
using Ablation.Harness.Data.WordNet;
using Ablation.Harness.IO;

namespace Ablation.Harness.Data;

/// <summary>
/// Builds the built-in data into a folder: the evaluation suite (suite/), training pairs (training/), the
/// pretraining corpus (pretraining/), NOTICE.txt with the source licences, and manifest.json (written last) with
/// package versions and SHA-256 of every input and output. The output depends only on the input files and the
/// options: no clock, no machine name, no absolute output path, so two builds are byte-identical.
/// </summary>
public static class BuiltinDataBuilder
{
    /// <summary>Bump when the construction changes, so caches keyed by the recipe are rebuilt.</summary>
    public const string RecipeVersion = "builtin-data-v2";

    public const string SuiteName = "builtin-default";

    public static BuiltinDataPaths Build(string outFolder, BuiltinDataSources sources, BuildOptions options, Action<string>? log = null)
    {
        sources.Validate();
        var paths = new BuiltinDataPaths(Path.GetFullPath(outFolder));
        log?.Invoke("reading WordNet and FOLDOC");
        var wordNet = WordNetDatabase.Load(sources.WordNetFolder);
        var foldoc = FoldocParser.Read(sources.FoldocIndex);
        if (options.SourceFraction < 1)
        {
            ulong below = (ulong)(options.SourceFraction * ulong.MaxValue);
            // Keep the hypernym ancestors of the chosen synsets too, so hierarchy measures stay those of WordNet.
            var full = wordNet;
            var keep = full.Synsets.Where(s => Splits.StableHash.Of("source-subset", s.Id) < below)
                .SelectMany(s => full.Ancestors(s).Keys).ToHashSet(StringComparer.Ordinal);
            wordNet = new WordNetDatabase(full.Synsets.Where(s => keep.Contains(s.Id)));
            foldoc = foldoc.Where(f => Splits.StableHash.Of("source-subset", f.Id) < below).ToList();
        }
        var context = new BuildContext(wordNet, foldoc, options);

        log?.Invoke("writing the evaluation suite");
        var wn = new WordNetTaskBuilder(context, paths.SuiteFolder);
        var fd = new FoldocTaskBuilder(context, paths.SuiteFolder);
        var tasks = new List<TaskSpec>
        {
            fd.TermRetrieval(),
            wn.ReverseDictionaryRetrieval(),
            wn.SenseReranking(),
            wn.LexnameClassification(),
            fd.CategoryClassification(),
            wn.LexnameClustering(),
            fd.CategoryClustering(),
            wn.SameSensePairClassification(),
            wn.WuPalmerSyntheticSts(),
        };
        AtomicFile.WriteAllText(Path.Combine(paths.SuiteFolder, "suite.json"),
            JsonSerializer.Serialize(new { name = SuiteName, tasks = tasks.Select(t => t.Name).ToArray() }, Jsonl.Indented) + "\n");

        log?.Invoke("writing training pairs");
        var pairs = new TrainingPairBuilder(context);
        var contrastive = pairs.Contrastive();
        AtomicFile.WriteText(paths.ContrastivePairsPath, w => { foreach (var p in contrastive) w.WriteLine(Jsonl.Line(p)); });
        var reconstruction = pairs.Reconstruction();
        AtomicFile.WriteText(paths.ReconstructionPairsPath, w => { foreach (var p in reconstruction) w.WriteLine(Jsonl.Line(p)); });

        log?.Invoke("writing the pretraining corpus");
        string? gcide = options.IncludeGcide ? sources.AvailableGcide : null;
        var pretraining = new PretrainingCorpusBuilder(context, gcide);
        pretraining.Write(paths.PretrainingFolder);

        AtomicFile.WriteAllText(Path.Combine(paths.Root, "NOTICE.txt"), Notice(sources));

        log?.Invoke("writing the manifest");
        var inputs = sources.InputFiles(gcide is not null).Select(f => new { path = f, bytes = new FileInfo(f).Length, sha256 = Sha256(f) }).ToArray();
        var outputs = Directory.EnumerateFiles(paths.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(paths.Root, f).Replace('\\', '/'))
            .Where(f => f != "manifest.json" && !Path.GetFileName(f).StartsWith('.'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new { path = f, bytes = new FileInfo(Path.Combine(paths.Root, f)).Length, sha256 = Sha256(Path.Combine(paths.Root, f)) })
            .ToArray();
        var manifest = new
        {
            recipe = RecipeVersion,
            options = new { size_scale = options.SizeScale, source_fraction = options.SourceFraction, include_gcide = gcide is not null, wordnet_eval_fraction = options.WordNetEvalFraction, foldoc_eval_fraction = options.FoldocEvalFraction },
            packages = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["wordnet-base"] = PackageVersions.Of("wordnet-base"),
                ["dict-foldoc"] = PackageVersions.Of("dict-foldoc"),
                ["dict-gcide"] = gcide is null ? "not used" : PackageVersions.Of("dict-gcide"),
            },
            counts = new SortedDictionary<string, long>(StringComparer.Ordinal)
            {
                ["wordnet.synsets"] = wordNet.Synsets.Count,
                ["wordnet.eval_synsets"] = wordNet.Synsets.Count(context.IsEval),
                ["foldoc.definitions"] = foldoc.Count,
                ["foldoc.eval_definitions"] = foldoc.Count(context.IsEval),
                ["training.contrastive_pairs"] = contrastive.Count,
                ["training.reconstruction_pairs"] = reconstruction.Count,
                ["training.pairs_dropped_for_leakage"] = pairs.DroppedForLeakage,
            }.Concat(pretraining.Counts.Select(kv => new KeyValuePair<string, long>("pretraining." + kv.Key, kv.Value)))
             .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value),
            tasks = tasks.Select(t => new { name = t.Name, type = t.Type, synthetic_labels = t.SyntheticLabels, n = t.Counts }).ToArray(),
            inputs,
            outputs,
        };
        AtomicFile.WriteAllText(paths.ManifestPath, JsonSerializer.Serialize(manifest, Jsonl.Indented) + "\n");
        return paths;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Notice(BuiltinDataSources sources)
    {
        // WordNet's licence asks that its notice accompany every copy, including derived data; data.noun carries it.
        var wordNetLicence = File.ReadLines(Path.Combine(sources.WordNetFolder, "data.noun"), System.Text.Encoding.Latin1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => l.Length > 6 ? l[6..].TrimEnd() : "")
            .ToList();
        return string.Join("\n",
        [
            "This folder was derived by the Ablation harness from the following data. Their licences apply to the derived files.",
            "",
            "== WordNet 3.0 (Debian package wordnet-base) ==",
            .. wordNetLicence,
            "",
            "== FOLDOC, the Free On-line Dictionary of Computing (Debian package dict-foldoc), Editor Denis Howe, http://foldoc.org/ ==",
            "Copyright 1985 by Denis Howe. Permission is granted to copy, distribute and/or modify this document under the terms",
            "of the GNU Free Documentation License, Version 1.1 or any later version published by the Free Software Foundation;",
            "with no Invariant Sections, Front- or Back-Cover Texts.",
            "",
            "== GCIDE, the GNU Collaborative International Dictionary of English (Debian package dict-gcide; pretraining text only) ==",
            "Based on Webster's Revised Unabridged Dictionary (1913, public domain) with additions; distributed under the",
            "GNU General Public License, version 2 or later.",
            "",
        ]);
    }
}

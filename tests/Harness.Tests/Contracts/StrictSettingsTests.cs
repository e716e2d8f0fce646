using Ablation.Harness.Cli;
using Ablation.Harness.Evaluation.Encoding;
using Ablation.Harness.Evaluation.Evaluators;
using Ablation.Harness.Evaluation.Tasks;
using Ablation.Harness.IO.Settings;
using Ablation.Harness.Pretraining;
using Ablation.Models;
using Ablation.Models.Decoders;
using Ablation.Tests.Shared;
using static Ablation.Harness.Tests.Cli.CliRun;

namespace Ablation.Harness.Tests.Contracts;

/// <summary>
/// Issue 15 item 14: task.json, suite.json, embedding_config.json and pretraining recipes are read by the one strict
/// settings reader. Each test asserts the exact one-line message (file, line:column, JSON path, how to fix) and,
/// where a command reads the file, exit code 2 through the CLI.
/// </summary>
public class StrictSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("strict-settings").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly string TinySuite = RepoPaths.Fixture("evaluation", "tiny-suite");

    private const string TaskKeys = "type, instruction, files, min_score, max_score, main_score, name, split, samples_per_label, " +
                                    "n_experiments, ignore_identical_ids, revision, seed, languages, description";

    /// <summary>A copy of the tiny suite whose STS task.json is <paramref name="taskJson"/>; returns the suite folder.</summary>
    private string SuiteWithStsTask(string taskJson)
    {
        string suite = Path.Combine(_root, "suite");
        BadInputCorpusTests.CopyFolder(TinySuite, suite);
        File.WriteAllText(Path.Combine(suite, "sts", "task.json"), taskJson);
        return suite;
    }

    public static TheoryData<string, string> BadTasks => new()
    {
        // (task.json, message after "<file>:")
        { "{\n  \"type\": \"sts\",\n  \"main_scor\": \"cosine_spearman\"\n}",
          $"3:3: $.main_scor: unknown key \"main_scor\" (did you mean \"main_score\"?); allowed in task.json: {TaskKeys}" },
        { "{\n  \"type\": \"sts\",\n  \"seed\": \"42\"\n}", "3:11: $.seed: \"42\" is not allowed; expected an integer >= 0" },
        { "{\n  \"type\": \"stss\"\n}",
          "2:11: $.type: \"stss\" is not allowed; expected one of: retrieval, reranking, sts, classification, clustering, pair_classification, summarization (did you mean \"sts\"?)" },
        { "{\n  \"type\": \"sts\",\n  \"main_score\": \"ndcg_at_10\"\n}",
          "3:17: $.main_score: \"ndcg_at_10\" is not a score of a sts task; choose one of cosine_spearman, cosine_pearson, manhattan_spearman, manhattan_pearson, euclidean_spearman, euclidean_pearson, spearman, pearson" },
        { "{\n  \"type\": \"sts\",\n  \"main_score\": \"cosine_spearmann\"\n}",
          "3:17: $.main_score: \"cosine_spearmann\" is not a score of a sts task (did you mean \"cosine_spearman\"?); choose one of cosine_spearman, cosine_pearson, manhattan_spearman, manhattan_pearson, euclidean_spearman, euclidean_pearson, spearman, pearson" },
        { "{\n  \"type\": \"sts\",\n  \"files\": {\"test\": 3}\n}", "3:21: $.files.test: 3 is not allowed; expected a path relative to the task folder" },
    };

    [Theory]
    [MemberData(nameof(BadTasks))]
    public void A_bad_task_json_is_one_line_naming_file_line_column_and_path(string taskJson, string message)
    {
        string suite = SuiteWithStsTask(taskJson);
        string file = Path.Combine(suite, "sts", "task.json");
        var error = Assert.Throws<UserInputException>(() => TaskManifest.Load(Path.Combine(suite, "sts")));
        Assert.Equal($"{file}:{message}", error.Message);
    }

    /// <summary>The main score is checked when the suite is loaded: eval exits 2 before any task is evaluated or written.</summary>
    [Fact]
    public void Eval_rejects_a_bad_main_score_before_evaluating_anything()
    {
        string suite = SuiteWithStsTask("{\n  \"type\": \"sts\",\n  \"main_score\": \"ndcg_at_10\"\n}");
        string output = Path.Combine(_root, "out");
        var (code, stdout, stderr) = Run("eval", "--model", "builtin:bow-hash:16", "--suite", suite, "--out", output, "--no-cache");
        Assert.Equal(ExitCodes.UserError, code);
        Assert.StartsWith($"error: {Path.Combine(suite, "sts", "task.json")}:3:17: $.main_score: \"ndcg_at_10\" is not a score of a sts task", stderr.Trim());
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("TinyRetrieval", stdout);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "nothing may be written");
    }

    [Fact]
    public void A_bad_suite_json_names_the_entry()
    {
        string suite = SuiteWithStsTask(File.ReadAllText(Path.Combine(TinySuite, "sts", "task.json")));
        string path = Path.Combine(suite, "suite.json");
        File.WriteAllText(path, "{\n  \"name\": \"x\",\n  \"task\": [\"sts\"]\n}");
        var (code, _, stderr) = Run("eval", "--model", "builtin:bow-hash:16", "--suite", suite, "--no-cache");
        Assert.Equal(ExitCodes.UserError, code);
        // Several problems are listed on one line (the CLI's one-line contract), in file order.
        Assert.Equal($"error: {path}: 2 problems:   {path}:1:1: $.tasks: is missing; add \"tasks\": an array [ ... ]   " +
                     $"{path}:3:3: $.task: unknown key \"task\" (did you mean \"tasks\"?); allowed in suite.json: name, description, tasks", stderr.Trim());

        File.WriteAllText(path, "{ \"tasks\": [\"sts\", 7] }");
        var error = Assert.Throws<UserInputException>(() => SuiteManifest.Load(suite));
        Assert.Equal($"{path}:1:20: $.tasks[1]: 7 is not allowed; expected a task folder path relative to the suite folder", error.Message);
    }

    /// <summary>Every evaluator reports exactly the scores TaskScores lists for its type (what main_score is checked against).</summary>
    [Fact]
    public void Each_evaluator_reports_exactly_the_scores_its_type_lists()
    {
        var suite = SuiteManifest.Load(TinySuite);
        Assert.Equal(Enum.GetValues<TaskType>().Order(), suite.Tasks.Select(t => t.Type).Distinct().Order());
        var pipeline = new EmbeddingPipeline(new BowHashEncoder(32), null, showProgress: false);
        foreach (var task in suite.Tasks)
        {
            var result = TaskEvaluator.Evaluate(task, pipeline);
            Assert.Equal(TaskScores.Of(task.Type), result.Scores.Select(s => s.Key).ToList());
        }
    }

    // ---- embedding_config.json ----

    private const string GoodConfig = """
        {
          "format": 1,
          "base_model": "builtin:tiny-base",
          "attention": "bidirectional",
          "pooling": {
            "name": "latent_attention",
            "head": { "num_latents": 4, "num_heads": 2, "head_dim": 8, "ffn_mult": 2, "layer_norm_eps": 1e-05 },
            "exclude_instruction": false
          },
          "instructions": { "query_instruction": "", "format": "{instruction}{text}", "wrapper": "{text}" },
          "max_length": 64,
          "lora": { "rank": 4, "alpha": 8, "dropout": 0.1, "target_modules": ["q_proj", "v_proj"], "scaling": 2 },
          "decoder_weights": "decoder.safetensors"
        }
        """;

    private string Config(string json)
    {
        string folder = Path.Combine(_root, "model");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, EmbeddingModelConfig.FileName);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>A config as EmbeddingModel.Save writes it reads back equal, through both readers.</summary>
    [Fact]
    public void Saved_configs_read_back_unchanged()
    {
        var strict = EmbeddingModelConfigReader.Read(Config(GoodConfig));
        Assert.Equal(AttentionMode.Bidirectional, strict.Attention);
        Assert.Equal(new Ablation.Models.Pooling.PoolingHeadConfig(4, 2, 8, 2, 1e-5), strict.Pooling.Head);
        Assert.Equal(["q_proj", "v_proj"], strict.Lora!.TargetModules);
        Assert.Equal("", strict.Instructions.QueryInstruction);
        var written = Config(strict.ToJson());
        var again = EmbeddingModelConfigReader.Read(written);
        Assert.Equal(strict.ToJson(), again.ToJson());
        Assert.Equal(strict.ToJson(), EmbeddingModelConfig.Load(written).ToJson());
        // The library's own fallback reader (used without the harness) refuses unknown keys too.
        var misspelt = Config(GoodConfig.Replace("\"max_length\"", "\"max_lenght\""));
        Assert.Contains("max_lenght", Assert.Throws<FormatException>(() => EmbeddingModelConfig.Load(misspelt)).Message);
    }

    public static TheoryData<string, string, string> BadConfigs => new()
    {
        // (text to replace in GoodConfig, replacement, message after "<file>:")
        { "\"max_length\": 64", "\"max_lenght\": 64",
          "11:3: $.max_lenght: unknown key \"max_lenght\" (did you mean \"max_length\"?); allowed in embedding_config.json: format, base_model, attention, pooling, instructions, max_length, lora, decoder_weights" },
        { "\"max_length\": 64", "\"max_length\": \"64\"", "11:17: $.max_length: \"64\" is not allowed; expected an integer >= 1" },
        { "\"attention\": \"bidirectional\"", "\"attention\": \"bidirectonal\"",
          "4:16: $.attention: \"bidirectonal\" is not allowed; expected one of: causal, bidirectional (did you mean \"bidirectional\"?)" },
        { "\"name\": \"latent_attention\"", "\"name\": \"latent\"",
          "6:13: $.pooling.name: \"latent\" is not allowed; expected one of: eos_last, mean, last_layer_trainable, multi_layer_trainable, latent_attention" },
        { "[\"q_proj\", \"v_proj\"]", "[\"q_proj\", \"vproj\"]",
          "12:81: $.lora.target_modules[1]: \"vproj\" is not allowed; expected one of: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj (did you mean \"v_proj\"?)" },
        { "\"scaling\": 2", "\"scaling\": 3",
          "12:103: $.lora.scaling: scaling 3 disagrees with alpha / rank = 2; remove \"scaling\" (it is derived) or fix alpha and rank" },
        { "\"format\": 1,", "\"format\": 2,",
          "2:13: $.format: format 2 is not supported: this ablation reads format 1; the model was saved by a newer ablation, update it" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_bad_embedding_config_is_one_line_naming_file_line_column_and_path(string find, string replace, string message)
    {
        Assert.Contains(find, GoodConfig);
        string path = Config(GoodConfig.Replace(find, replace));
        var error = Assert.Throws<UserInputException>(() => EmbeddingModelConfigReader.Read(path));
        Assert.Equal($"{path}:{message}", error.Message);
    }

    /// <summary>eval loads the model with the strict reader: a misspelt key exits 2 before any weight is read.</summary>
    [Fact]
    public void Eval_exits_2_on_an_unknown_key_in_embedding_config()
    {
        string path = Config(GoodConfig.Replace("\"max_length\": 64", "\"max_lenght\": 64"));
        var (code, _, stderr) = Run("eval", "--model", Path.GetDirectoryName(path)!, "--suite", TinySuite, "--tasks", "TinySTS", "--no-cache",
            "--out", Path.Combine(_root, "out"));
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains($"error: {path}:11:3: $.max_lenght: unknown key \"max_lenght\" (did you mean \"max_length\"?)", stderr);
    }

    // ---- pretraining recipe through the CLI ----

    [Fact]
    public void Base_pretrain_exits_2_on_a_bad_recipe_before_training()
    {
        string recipe = Path.Combine(_root, "recipe.json");
        string text = File.ReadAllText(Path.Combine(RepoPaths.Root, "experiments", "base", "tiny.json"));
        File.WriteAllText(recipe, text.Replace("\"lr_scheduler_type\": \"cosine\"", "\"lr_scheduler_type\": \"cosin\""));
        int line = text[..text.IndexOf("\"lr_scheduler_type\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        var (code, _, stderr) = Run("base", "pretrain", "--recipe", recipe, "--out", Path.Combine(_root, "base"));
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Equal($"error: {recipe}:{line}:26: $.training.lr_scheduler_type: \"cosin\" is not allowed; expected one of: constant, constant_with_warmup, linear, cosine (did you mean \"cosine\"?)",
            stderr.Trim());
        Assert.False(Directory.Exists(Path.Combine(_root, "base")));
    }

    [Fact]
    public void Enum_names_of_closed_sets_match_what_the_writers_write()
    {
        Assert.Equal(["causal", "bidirectional"], EnumNames.Of<AttentionMode>());
        Assert.Equal(Enum.GetValues<AttentionMode>().Select(m => m.Name()), EnumNames.Of<AttentionMode>());
        Assert.Equal(["retrieval", "reranking", "sts", "classification", "clustering", "pair_classification", "summarization"],
            EnumNames.Of<TaskType>());
        Assert.Equal(Enum.GetValues<TaskType>().Select(TaskManifest.TypeName), EnumNames.Of<TaskType>());
        Assert.Equal("one of: " + string.Join(", ", Ablation.Torch.Optim.LearningRateSchedules.Names),
            PretrainingRecipeSettings.All.Single(s => s.Key == "training.lr_scheduler_type").Type.Allowed);
    }
}

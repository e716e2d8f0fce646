using System.Globalization;
using System.Text.Json.Nodes;
using Ablation.Harness.Cli;
using Ablation.Harness.Pretraining;
using Ablation.Models.Decoders;
using Ablation.Models.Tokenizers;
using Ablation.Tests.Shared;
using Ablation.Torch;

namespace Ablation.Harness.Tests.Pretraining;

/// <summary>
/// Trains a very small recipe on a corpus cut from the built-in one (tests/fixtures/pretraining) twice with the same
/// seed, once capturing the in-memory model's logits; the tests then check the run and the saved checkpoint.
/// </summary>
public sealed class PretrainedTinyModel : IDisposable
{
    public PretrainedTinyModel()
    {
        Root = Path.Combine(Path.GetTempPath(), "ablation-pretrain-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        RecipePath = Path.Combine(Root, "recipe.json");
        File.WriteAllText(RecipePath, RecipeJson(seed: 7));
        Recipe = PretrainingRecipeReader.Load(RecipePath);
        Corpus = PretrainingCorpus.Resolve(Recipe.CorpusSource);
        Probe = Enumerable.Range(0, 24).Select(i => (long)(3 + i * 37 % 400)).ToArray();
        First = new Pretrainer(Recipe, Corpus) { OnTrained = model => TrainedLogits = Logits(model, Probe) }.Run(Path.Combine(Root, "first"));
        Second = new Pretrainer(Recipe, Corpus).Run(Path.Combine(Root, "second"));
    }

    public string Root { get; }
    public string RecipePath { get; }
    public PretrainingRecipe Recipe { get; }
    public PretrainingCorpus Corpus { get; }
    public long[] Probe { get; }
    public float[] TrainedLogits { get; private set; } = [];
    public PretrainingResult First { get; }
    public PretrainingResult Second { get; }

    /// <summary>A recipe small enough to train in seconds: 512 tokens, 2 layers of width 64, 4 query / 2 kv heads.</summary>
    public static string RecipeJson(int seed) => $$"""
        {
          "name": "test-tiny",
          "corpus": { "source": "{{RepoPaths.Fixture("pretraining", "corpus").Replace("\\", "/")}}", "max_train_documents": null },
          "tokenizer": { "vocab_size": 512, "min_frequency": 2, "training_documents": 1500 },
          "model": { "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                     "intermediate_size": 128, "rope_theta": 10000.0, "rms_norm_eps": 1e-5, "tie_word_embeddings": true,
                     "initializer_range": 0.02 },
          "training": { "seq_length": 32, "batch_size": 16, "steps": 40, "learning_rate": 0.01, "lr_scheduler_type": "cosine",
                        "warmup_steps": 4, "min_lr_ratio": 0.1, "weight_decay": 0.1, "adam_beta1": 0.9, "adam_beta2": 0.95,
                        "adam_epsilon": 1e-8, "max_grad_norm": 1.0, "seed": {{seed}}, "dtype": "float32" },
          "evaluation": { "heldout_tokens": 4096 }
        }
        """;

    public static float[] Logits(LlamaDecoder model, long[] ids)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = torch.tensor(ids, [1, ids.Length]);
        using var output = model.Forward(input, torch.ones_like(input), AttentionMode.Causal, logits: true);
        return output.Logits!.to(ScalarType.Float32).contiguous().data<float>();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public class PretrainerTests(PretrainedTinyModel run) : IClassFixture<PretrainedTinyModel>
{
    [Fact]
    public void Training_loss_falls_and_held_out_perplexity_beats_the_unigram_model()
    {
        var losses = LossColumn(run.First.Folder);
        Assert.Equal(run.Recipe.Steps, losses.Length);
        // Starts near ln(vocab) (the initialisation is nearly uniform) and falls well below it.
        Assert.InRange(losses[0], Math.Log(512) - 0.3, Math.Log(512) + 0.3);
        Assert.True(run.First.FinalLoss < losses[0] - 0.8, $"loss {losses[0]} → {run.First.FinalLoss}");
        Assert.True(run.First.FinalLoss < run.First.InitialLoss - 0.5, $"loss {run.First.InitialLoss} → {run.First.FinalLoss}");
        Assert.True(run.First.HeldOutPerplexity < run.First.UnigramPerplexity,
            $"held-out ppl {run.First.HeldOutPerplexity} vs unigram {run.First.UnigramPerplexity}");
        Assert.True(run.First.UnigramPerplexity < 512, "the unigram model must itself beat a uniform distribution");
        Assert.Equal(4096, run.First.HeldOutTokens);
    }

    [Fact]
    public void Same_seed_gives_the_same_losses_and_the_same_weights()
    {
        Assert.Equal(LossColumn(run.First.Folder), LossColumn(run.Second.Folder));
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.First.Folder, "model.safetensors")),
                     File.ReadAllBytes(Path.Combine(run.Second.Folder, "model.safetensors")));
        Assert.Equal(run.First.RecipeHash, run.Second.RecipeHash);
    }

    [Fact]
    public void Reloading_through_the_hugging_face_loader_gives_identical_logits()
    {
        var checkpoint = HuggingFaceCheckpoint.Open(run.First.Folder);
        using var reloaded = checkpoint.LoadDecoder();
        Assert.Equal(ScalarType.Float32, reloaded.Dtype);
        var logits = PretrainedTinyModel.Logits(reloaded, run.Probe);
        Assert.Equal(run.Probe.Length * run.First.VocabSize, logits.Length);
        Assert.Equal(run.TrainedLogits, logits); // bitwise
        // The reloaded model reproduces the reported held-out perplexity.
        var tokenizer = checkpoint.LoadTokenizer();
        var rows = TokenStream.Encode(tokenizer, PretrainingCorpus.Documents(run.Corpus.HeldOutPath), 4097).Sequences(32).Take(4096 / 32).ToArray();
        double ppl = Math.Exp(Pretrainer.MeanNll(reloaded, rows, 16, 32, checkpoint.Config.VocabSize));
        Assert.Equal(run.First.HeldOutPerplexity, ppl, 1e-9 * ppl);
    }

    [Fact]
    public void The_checkpoint_is_a_hugging_face_llama_folder()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(run.First.Folder, "config.json")))!;
        Assert.Equal("llama", (string?)config["model_type"]);
        Assert.Equal("LlamaForCausalLM", (string?)config["architectures"]![0]);
        Assert.Equal("float32", (string?)config["torch_dtype"]);
        Assert.Equal(64, (int)config["hidden_size"]!);
        Assert.Equal(2, (int)config["num_hidden_layers"]!);
        Assert.Equal(4, (int)config["num_attention_heads"]!);
        Assert.Equal(2, (int)config["num_key_value_heads"]!);
        Assert.Equal(128, (int)config["intermediate_size"]!);
        Assert.True((bool)config["tie_word_embeddings"]!);
        Assert.Equal(32, (int)config["max_position_embeddings"]!);

        var tokenizer = TokenizerLoader.Load(run.First.Folder);
        Assert.Equal(tokenizer.VocabSize, (int)config["vocab_size"]!);
        Assert.Equal(tokenizer.BosId, (int)config["bos_token_id"]!);
        Assert.Equal(tokenizer.EosId, (int)config["eos_token_id"]!);
        Assert.True(File.Exists(Path.Combine(run.First.Folder, "tokenizer_config.json")));

        // Tied embeddings: HF stores no lm_head.weight; every tensor is float32 and named as transformers names it.
        using var file = Ablation.Torch.IO.SafetensorsFile.Open(Path.Combine(run.First.Folder, "model.safetensors"));
        var names = file.Tensors.Select(t => t.Name).ToHashSet();
        Assert.DoesNotContain("lm_head.weight", names);
        Assert.Contains("model.embed_tokens.weight", names);
        Assert.Contains("model.layers.1.self_attn.k_proj.weight", names);
        Assert.Equal([32L, 64L], file.Info("model.layers.1.self_attn.k_proj.weight").Shape); // 2 kv heads × 16
        Assert.All(file.Tensors, t => Assert.Equal(ScalarType.Float32, t.Dtype));
        Assert.Equal("pt", file.Metadata["format"]);
    }

    [Fact]
    public void The_cli_reuses_a_finished_model_instead_of_training_again()
    {
        string model = Path.Combine(run.First.Folder, "model.safetensors");
        var written = File.GetLastWriteTimeUtc(model);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["base", "pretrain", "--recipe", run.RecipePath, "--out", run.First.Folder], stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        string text = stdout.ToString();
        Assert.Contains("reused from cache", text);
        Assert.Contains(run.First.HeldOutPerplexity.ToString("F2", CultureInfo.InvariantCulture), text);
        Assert.Contains(run.First.UnigramPerplexity.ToString("F2", CultureInfo.InvariantCulture), text);
        Assert.Contains("parameters:", text);
        Assert.DoesNotContain("training a", text); // no tokenizer or model training happened
        Assert.Equal(written, File.GetLastWriteTimeUtc(model));
    }

    [Fact]
    public void A_folder_holding_another_recipes_model_is_not_overwritten_without_force()
    {
        string other = Path.Combine(run.Root, "other-recipe.json");
        File.WriteAllText(other, PretrainedTinyModel.RecipeJson(seed: 8));
        var stderr = new StringWriter();
        int code = Program.Run(["base", "pretrain", "--recipe", other, "--out", run.First.Folder], new StringWriter(), stderr);
        Assert.Equal(ExitCodes.UserError, code);
        Assert.Contains("different recipe", stderr.ToString());
        Assert.Contains("--force", stderr.ToString());
    }

    [Fact]
    public void Unknown_base_model_names_are_user_errors()
    {
        var e1 = Assert.Throws<UserInputException>(() => BaseModels.Resolve("builtin:huge-base"));
        Assert.Contains(BaseModels.TinyBase, e1.Message);
        var e2 = Assert.Throws<UserInputException>(() => BaseModels.Resolve(run.Root));
        Assert.Contains("config.json", e2.Message);
        Assert.Equal(run.First.Folder, BaseModels.Resolve(run.First.Folder));
        // The embedded recipe behind builtin:tiny-base is the committed file.
        Assert.Equal(PretrainingRecipeReader.Load(Path.Combine(RepoPaths.Root, "experiments", "base", "tiny.json")) with { CorpusSource = "builtin" },
                     BaseModels.TinyRecipe());
    }

    [Fact]
    public void A_bfloat16_recipe_is_saved_and_reloaded_in_bfloat16()
    {
        var recipe = run.Recipe with { Dtype = "bfloat16", Steps = 3, WarmupSteps = 1 };
        float[] trained = [];
        var result = new Pretrainer(recipe, run.Corpus) { OnTrained = m => trained = PretrainedTinyModel.Logits(m, run.Probe) }
            .Run(Path.Combine(run.Root, "bf16"));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(result.Folder, "config.json")))!;
        Assert.Equal("bfloat16", (string?)config["torch_dtype"]);
        var checkpoint = HuggingFaceCheckpoint.Open(result.Folder);
        Assert.Equal(ScalarType.BFloat16, checkpoint.StoredDtype());
        using var reloaded = checkpoint.LoadDecoder();
        Assert.Equal(ScalarType.BFloat16, reloaded.Dtype);
        Assert.Equal(trained, PretrainedTinyModel.Logits(reloaded, run.Probe));
        Assert.All(File.ReadLines(Path.Combine(result.Folder, "train-metrics.csv")).Skip(1),
            line => Assert.True(double.IsFinite(double.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))));
    }

    /// <summary>
    /// Issue 15 item 13: train-metrics.csv grows in the staging folder while training runs (flushed every
    /// MetricsFlushSteps steps), so a user can watch it; seen from OnStep, the file already holds every flushed row.
    /// </summary>
    [Fact]
    public void Train_metrics_csv_has_the_flushed_rows_while_training_runs()
    {
        int flush = Pretrainer.MetricsFlushSteps;
        var recipe = run.Recipe with { Steps = flush + 2, WarmupSteps = 1 };
        string folder = Path.Combine(run.Root, "watched");
        var seen = new Dictionary<int, string[]>();
        var losses = new List<double>();
        new Pretrainer(recipe, run.Corpus)
        {
            OnStep = step =>
            {
                losses.Add(step.Loss);
                if (step.Step == 1 || step.Step == flush) seen[step.Step] = ReadShared(Path.Combine(folder, Pretrainer.MetricsFile));
            },
        }.Run(folder);
        Assert.Equal(["step,loss,learning_rate,grad_norm,tokens_per_second"], seen[1]); // header at once, rows not yet flushed
        Assert.Equal(flush + 1, seen[flush].Length);
        Assert.Equal(losses.Take(flush), seen[flush].Skip(1).Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)));
        Assert.Equal(losses, LossColumn(folder)); // and complete at the end
    }

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static double[] LossColumn(string folder) =>
        File.ReadLines(Path.Combine(folder, "train-metrics.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
}

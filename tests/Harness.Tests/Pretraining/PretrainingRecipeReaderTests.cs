using System.Text.Json.Nodes;
using Ablation.Harness.Pretraining;
using Ablation.Tests.Shared;

namespace Ablation.Harness.Tests.Pretraining;

public class PretrainingRecipeReaderTests
{
    private static string TinyPath => Path.Combine(RepoPaths.Root, "experiments", "base", "tiny.json");

    [Fact]
    public void The_committed_tiny_recipe_is_valid_and_uses_grouped_query_attention()
    {
        var recipe = PretrainingRecipeReader.Load(TinyPath);
        Assert.Equal("tiny-base", recipe.Name);
        Assert.Equal("builtin", recipe.CorpusSource);
        Assert.True(recipe.NumKeyValueHeads < recipe.NumAttentionHeads, "the tiny model must exercise GQA");
        Assert.Equal(0, recipe.HiddenSize % recipe.NumAttentionHeads);
        Assert.Equal("float32", recipe.Dtype);
    }

    [Fact]
    public void Round_trips_through_its_own_json_and_hash_depends_on_every_setting()
    {
        var recipe = PretrainingRecipeReader.Load(TinyPath);
        var again = PretrainingRecipeReader.Parse(recipe.ToJson(), "roundtrip.json", "/");
        Assert.Equal(recipe, again);
        Assert.Equal(recipe.Hash("c"), again.Hash("c"));
        Assert.NotEqual(recipe.Hash("c"), recipe.Hash("d"));
        Assert.NotEqual(recipe.Hash("c"), (recipe with { Seed = recipe.Seed + 1 }).Hash("c"));
        Assert.NotEqual(recipe.Hash("c"), (recipe with { LearningRate = recipe.LearningRate * 1.0000001 }).Hash("c"));
        Assert.NotEqual(recipe.Hash("c"), (recipe with { NumKeyValueHeads = 1 }).Hash("c"));
    }

    [Fact]
    public void Relative_corpus_folder_is_resolved_against_the_recipe_folder()
    {
        var json = Mutate(r => r["corpus"]!["source"] = "../corpus");
        var recipe = PretrainingRecipeReader.Parse(json, "x.json", "/data/recipes");
        Assert.Equal(Path.GetFullPath("/data/corpus"), recipe.CorpusSource);
    }

    public static TheoryData<string, string, string[]> BadRecipes => new()
    {
        // (JSON path to change, new value as JSON, fragments the message must contain)
        { "model.num_key_value_heads", "3", ["'model.num_key_value_heads'", "(3) must divide", "num_attention_heads"] },
        { "model.num_attention_heads", "5", ["'model.num_attention_heads'", "must divide model.hidden_size"] },
        { "training.learning_rate", "-0.1", ["'training.learning_rate'", "-0.1", "(0, ∞)"] },
        { "training.lr_scheduler_type", "\"cosin\"", ["'training.lr_scheduler_type'", "\"cosin\"", "cosine", "linear"] },
        { "training.dtype", "\"float16\"", ["'training.dtype'", "float32, bfloat16"] },
        { "training.steps", "1.5", ["'training.steps'", "must be an integer", "1.5"] },
        { "training.warmup_steps", "100000", ["'training.warmup_steps'", "exceeds training.steps"] },
        { "training.adam_beta2", "1", ["'training.adam_beta2'", "[0, 1)"] },
        { "tokenizer.vocab_size", "100", ["'tokenizer.vocab_size'", "256 byte tokens"] },
        { "model.tie_word_embeddings", "\"yes\"", ["'model.tie_word_embeddings'", "true or false"] },
        { "name", "\"a/b\"", ["'name'", "folder name"] },
    };

    [Theory]
    [MemberData(nameof(BadRecipes))]
    public void Invalid_values_are_reported_with_the_key_its_line_and_what_is_allowed(string path, string value, string[] fragments)
    {
        var json = Mutate(root => Set(root, path, JsonNode.Parse(value)));
        var error = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(json, "bad.json", "/"));
        Assert.StartsWith("bad.json: line ", error.Message);
        foreach (var fragment in fragments) Assert.Contains(fragment, error.Message);
        // The reported line is the line that holds the key.
        int line = int.Parse(error.Message["bad.json: line ".Length..error.Message.IndexOf(':', "bad.json: line ".Length)]);
        string key = path.Split('.')[^1];
        Assert.Contains($"\"{key}\"", json.Split('\n')[line - 1]);
    }

    [Fact]
    public void Unknown_and_missing_keys_are_named()
    {
        var misspelt = Mutate(r => r["training"]!["learning_rat"] = 0.1);
        var e1 = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(misspelt, "r.json", "/"));
        Assert.Contains("'training.learning_rat' is not a recognised key", e1.Message);
        Assert.Contains("learning_rate", e1.Message);

        var missing = Mutate(r => r["model"]!.AsObject().Remove("rope_theta"));
        var e2 = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(missing, "r.json", "/"));
        Assert.Contains("missing key 'model.rope_theta'", e2.Message);

        var noSection = Mutate(r => r.AsObject().Remove("evaluation"));
        var e3 = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(noSection, "r.json", "/"));
        Assert.Contains("missing section 'evaluation'", e3.Message);
    }

    [Fact]
    public void Syntax_errors_give_the_line()
    {
        var e = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse("{\n  \"name\": \"x\",\n  oops\n}", "s.json", "/"));
        Assert.StartsWith("s.json: line 3: invalid JSON", e.Message);
    }

    [Fact]
    public void A_missing_file_says_how_to_fix_it()
    {
        var e = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Load("/nonexistent/recipe.json"));
        Assert.Contains("--recipe", e.Message);
    }

    /// <summary>The tiny recipe (comments stripped), changed by <paramref name="change"/>, as indented JSON.</summary>
    private static string Mutate(Action<JsonNode> change)
    {
        var root = JsonNode.Parse(File.ReadAllText(TinyPath), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        change(root);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static void Set(JsonNode root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var p in parts[..^1]) node = node[p]!;
        node[parts[^1]] = value;
    }
}

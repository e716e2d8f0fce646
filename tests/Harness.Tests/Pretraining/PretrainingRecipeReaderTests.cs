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

    public static TheoryData<string, string, string> BadRecipes => new()
    {
        // (JSON path to change, new value as JSON, the whole message after "file:line:column: $.path: ")
        { "model.num_key_value_heads", "3", "3 must divide model.num_attention_heads (4)" },
        { "model.num_attention_heads", "6", "6 must divide model.hidden_size (128)" },
        { "model.num_attention_heads", "128", "128 gives a head size of 1; rotary embeddings need an even head size (hidden_size / num_attention_heads)" },
        { "training.learning_rate", "-0.1", "-0.1 is not allowed; expected a number > 0" },
        { "training.lr_scheduler_type", "\"cosin\"", "\"cosin\" is not allowed; expected one of: constant, constant_with_warmup, linear, cosine (did you mean \"cosine\"?)" },
        { "training.dtype", "\"float16\"", "\"float16\" is not allowed; expected one of: float32, bfloat16 (did you mean \"bfloat16\"?)" },
        { "training.steps", "1.5", "1.5 is not allowed; expected an integer >= 1" },
        { "training.warmup_steps", "100000", "100000 exceeds training.steps (800); lower it or train longer" },
        { "training.adam_beta2", "1", "1 is not allowed; expected a number >= 0 and < 1" },
        { "tokenizer.vocab_size", "100", "100 is not allowed; expected an integer from 260 to 1048576" },
        { "model.tie_word_embeddings", "\"yes\"", "\"yes\" is not allowed; expected true or false" },
        { "training.max_grad_norm", "\"1\"", "\"1\" is not allowed; expected a number > 0" },
        { "name", "\"a/b\"", "\"a/b\" is not allowed; use letters, digits, '-', '_' or '.' (it becomes part of a folder name)" },
    };

    [Theory]
    [MemberData(nameof(BadRecipes))]
    public void Invalid_values_are_reported_with_the_key_its_line_and_what_is_allowed(string path, string value, string message)
    {
        var json = Mutate(root => Set(root, path, JsonNode.Parse(value)));
        var error = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(json, "bad.json", "/"));
        var (line, column) = ValuePosition(json, path);
        Assert.Equal($"bad.json:{line}:{column}: $.{path}: {message}", error.Message);
    }

    [Fact]
    public void Unknown_and_missing_keys_are_named_with_their_position()
    {
        var misspelt = Mutate(r => r["training"]!["learning_rat"] = 0.1);
        var e1 = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(misspelt, "r.json", "/"));
        var lines = misspelt.Split('\n');
        int at = Array.FindIndex(lines, l => l.Contains("\"learning_rat\""));
        Assert.StartsWith($"r.json:{at + 1}:{lines[at].IndexOf('"') + 1}: $.training.learning_rat: unknown key \"learning_rat\" (did you mean \"learning_rate\"?); allowed in \"training\": seq_length, ", e1.Message);

        var missing = Mutate(r => r["model"]!.AsObject().Remove("rope_theta"));
        var e2 = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(missing, "r.json", "/"));
        Assert.EndsWith(": $.model.rope_theta: is missing; add \"rope_theta\": a number >= 1 (every recipe setting is given explicitly)", e2.Message);

        var noSection = Mutate(r => r.AsObject().Remove("evaluation"));
        var e3 = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse(noSection, "r.json", "/"));
        Assert.Equal("r.json:1:1: $.evaluation: is missing; add \"evaluation\": an object { ... }", e3.Message);
    }

    [Fact]
    public void Syntax_errors_give_the_line()
    {
        var e = Assert.Throws<UserInputException>(() => PretrainingRecipeReader.Parse("{\n  \"name\": \"x\",\n  oops\n}", "s.json", "/"));
        Assert.StartsWith("s.json:3:3: invalid JSON", e.Message);
    }

    /// <summary>
    /// The recipe hash names the cached base model, so the migration to the settings catalog must not change it:
    /// the expected value comes from tests/fixtures/pretraining/recipe_hash.py (Python's json and hashlib).
    /// </summary>
    [Fact]
    public void The_hash_of_the_committed_recipe_matches_an_independent_computation()
    {
        using var fixture = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("pretraining", "recipe_hash.json")));
        var recipe = PretrainingRecipeReader.Load(TinyPath);
        Assert.Equal(fixture.RootElement.GetProperty("canonical_text").GetString(), recipe.CanonicalText());
        Assert.Equal(fixture.RootElement.GetProperty("hash_with_corpus_key_c").GetString(), recipe.Hash("c"));
    }

    /// <summary>1-based line and column of the value of <paramref name="path"/> in indented JSON.</summary>
    private static (int Line, int Column) ValuePosition(string json, string path)
    {
        var lines = json.Split('\n');
        var parts = path.Split('.');
        int from = 0;
        if (parts.Length == 2) from = Array.FindIndex(lines, l => l.TrimStart().StartsWith($"\"{parts[0]}\":", StringComparison.Ordinal));
        int at = Array.FindIndex(lines, from, l => l.TrimStart().StartsWith($"\"{parts[^1]}\":", StringComparison.Ordinal));
        return (at + 1, lines[at].IndexOf("\": ", StringComparison.Ordinal) + 3 + 1);
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

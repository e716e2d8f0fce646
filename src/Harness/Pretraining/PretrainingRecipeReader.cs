using Ablation.Harness.IO.Settings;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// Reads and validates a pretraining recipe with the strict settings reader: every key of
/// <see cref="PretrainingRecipeSettings"/> must be given (a recipe names the model it trains completely), unknown
/// keys are errors with a "did you mean", and every problem names file, line:column, JSON path and what is allowed,
/// all reported at once.
/// </summary>
public static class PretrainingRecipeReader
{
    /// <summary>The dtypes a recipe may train in.</summary>
    public static IReadOnlyList<string> Dtypes => PretrainingRecipeSettings.Dtypes;

    /// <summary>Reads <paramref name="path"/>; a relative corpus folder is resolved against the recipe's folder.</summary>
    public static PretrainingRecipe Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            throw new UserInputException($"{path}: recipe file not found; pass an existing file with --recipe (e.g. experiments/base/tiny.json)");
        return Parse(SettingsParser.ParseFile(path, "pretraining recipe"), Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses recipe text; <paramref name="source"/> names it in errors, <paramref name="baseFolder"/> anchors relative paths.</summary>
    public static PretrainingRecipe Parse(string json, string source, string baseFolder) =>
        Parse(SettingsParser.Parse(json, source), baseFolder);

    private static PretrainingRecipe Parse(SettingsNode root, string baseFolder)
    {
        var errors = new SettingsErrors();
        var top = new SettingsObjectReader(root, errors);
        var readers = new Dictionary<string, SettingsObjectReader?> { [""] = top };
        foreach (var section in PretrainingRecipeSettings.Sections) readers[section] = top.Object(section, required: true);

        var recipe = new PretrainingRecipe();
        var nodes = new Dictionary<string, SettingsNode>(StringComparer.Ordinal);
        foreach (var setting in PretrainingRecipeSettings.All)
        {
            if (readers[setting.Section] is not { IsObject: true } reader) continue;
            var node = reader.Get(setting.Name);
            if (node == null)
            {
                if (setting.Required) reader.Missing(setting.Name, setting.Type.Allowed + " (every recipe setting is given explicitly)");
                continue;
            }
            nodes[setting.Key] = node;
            if (setting.Type.TryRead(node, errors, out object? value)) recipe = setting.Set(recipe, value);
        }
        foreach (var (section, reader) in readers) reader?.RejectUnknownKeys(section == "" ? "a recipe" : $"\"{section}\"");
        errors.ThrowIfAny();

        // Cross-field rules, reported at the key to change.
        void Fail(string key, string message) => errors.Add(nodes[key], message);
        if (recipe.Name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            Fail("name", $"\"{recipe.Name}\" is not allowed; use letters, digits, '-', '_' or '.' (it becomes part of a folder name)");
        if (recipe.HiddenSize % recipe.NumAttentionHeads != 0)
            Fail("model.num_attention_heads", $"{recipe.NumAttentionHeads} must divide model.hidden_size ({recipe.HiddenSize})");
        else if (recipe.HeadDim % 2 != 0)
            Fail("model.num_attention_heads", $"{recipe.NumAttentionHeads} gives a head size of {recipe.HeadDim}; rotary embeddings need an even head size (hidden_size / num_attention_heads)");
        if (recipe.NumAttentionHeads % recipe.NumKeyValueHeads != 0)
            Fail("model.num_key_value_heads", $"{recipe.NumKeyValueHeads} must divide model.num_attention_heads ({recipe.NumAttentionHeads})");
        if (recipe.WarmupSteps > recipe.Steps)
            Fail("training.warmup_steps", $"{recipe.WarmupSteps} exceeds training.steps ({recipe.Steps}); lower it or train longer");
        errors.ThrowIfAny();

        return recipe.CorpusSource == "builtin" ? recipe : recipe with { CorpusSource = Path.GetFullPath(Path.Combine(baseFolder, recipe.CorpusSource)) };
    }
}

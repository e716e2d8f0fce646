using Ablation.Harness.IO.Settings;

namespace Ablation.Harness.Pretraining;

/// <summary>
/// One key of a pretraining recipe by its dotted name (<c>training.learning_rate</c>): its type and range and how to
/// read it from and set it on a <see cref="PretrainingRecipe"/>. <see cref="PretrainingRecipeSettings.All"/> is the
/// one list the reader, <see cref="PretrainingRecipe.ToJson"/> and <see cref="PretrainingRecipe.CanonicalText"/> use.
/// </summary>
public sealed record PretrainingRecipeSetting(string Key, SettingType Type,
    Func<PretrainingRecipe, object?> Get, Func<PretrainingRecipe, object?, PretrainingRecipe> Set)
{
    /// <summary>False for the one key a recipe may leave out (<c>corpus.max_train_documents</c>, meaning null).</summary>
    public bool Required { get; init; } = true;

    /// <summary>The section (<c>training</c>) or "" for a top-level key.</summary>
    public string Section => Key.Contains('.') ? Key[..Key.IndexOf('.')] : "";

    /// <summary>The name inside its section (<c>learning_rate</c>).</summary>
    public string Name => Key.Contains('.') ? Key[(Key.IndexOf('.') + 1)..] : Key;
}

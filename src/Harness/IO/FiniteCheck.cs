namespace Ablation.Harness.IO;

/// <summary>
/// The one guard against non-finite numbers leaking into results. Evaluation calls <see cref="Embeddings"/> on
/// every encoded batch (inside <c>EmbeddingPipeline</c>, so <c>eval</c>, <c>embed</c> and anything else that
/// encodes through it is covered); training calls <see cref="Value"/> on each step's loss and <see cref="Values"/>
/// on tensors it is about to save.
/// </summary>
public static class FiniteCheck
{
    /// <summary>Index of the first NaN or ±Inf in <paramref name="values"/>, or -1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }

    /// <summary>
    /// Throws when a row of <paramref name="rows"/> (row-major, <paramref name="dimension"/> wide) holds a NaN or
    /// ±Inf; the message names <paramref name="model"/> and the text of the first bad row.
    /// </summary>
    public static void Embeddings(ReadOnlySpan<float> rows, int dimension, IReadOnlyList<string> texts, string model)
    {
        int bad = FirstNonFinite(rows);
        if (bad < 0) return;
        int row = bad / dimension;
        string text = row < texts.Count ? texts[row] : "?";
        throw new NonFiniteValueException(
            $"model {model} produced a non-finite embedding ({rows[bad]} at dimension {bad % dimension}) for the text \"{Shorten(text)}\"; " +
            "its weights or settings are broken (NaN/Inf weights, a diverged training run); nothing was written");
    }

    /// <summary>Throws when <paramref name="value"/> is NaN or ±Inf; <paramref name="what"/> says which value and where (e.g. "loss at step 120 of cell ab12").</summary>
    public static void Value(double value, string what)
    {
        if (!double.IsFinite(value))
            throw new NonFiniteValueException($"{what} is {value}; the run diverged (lower the learning rate, or check the data and the base weights)");
    }

    /// <summary>Throws when <paramref name="values"/> holds a NaN or ±Inf; <paramref name="what"/> names the tensor and where it came from.</summary>
    public static void Values(ReadOnlySpan<float> values, string what)
    {
        int bad = FirstNonFinite(values);
        if (bad >= 0)
            throw new NonFiniteValueException($"{what} holds {values[bad]} at index {bad}; refusing to use or save non-finite values");
    }

    private static string Shorten(string text)
    {
        string flat = text.ReplaceLineEndings(" ");
        return flat.Length <= 80 ? flat : flat[..77] + "...";
    }
}

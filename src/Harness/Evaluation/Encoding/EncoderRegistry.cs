using Ablation.Harness.Cli;

namespace Ablation.Harness.Evaluation.Encoding;

/// <summary>
/// Maps a <c>--model</c> argument to an encoder. Each factory looks at the string and returns an encoder or
/// null ("not mine"); the first match wins. The LLM embedding model registers itself with one line, e.g.
/// <c>EncoderRegistry.Register(EmbeddingModelEncoder.TryCreate);</c> (cell folder or checkpoint path).
/// Built in: <c>builtin:bow-hash</c> (optionally <c>builtin:bow-hash:&lt;dimension&gt;</c>).
/// </summary>
public static class EncoderRegistry
{
    private static readonly List<Func<string, ITextEncoder?>> Factories = [BowHashEncoder.TryCreate];

    /// <summary>Adds a factory; later registrations are tried first, so a specific factory can override a general one.</summary>
    public static void Register(Func<string, ITextEncoder?> factory)
    {
        lock (Factories) Factories.Insert(0, factory);
    }

    /// <summary>The encoder for <paramref name="model"/>, or a user error that lists what is accepted.</summary>
    public static ITextEncoder Resolve(string model)
    {
        Func<string, ITextEncoder?>[] factories;
        lock (Factories) factories = Factories.ToArray();
        foreach (var factory in factories)
        {
            var encoder = factory(model);
            if (encoder != null) return encoder;
        }
        throw new UserInputException(
            $"model '{model}' is not recognised; pass a trained cell folder or checkpoint, or builtin:bow-hash[:dimension] for the model-free baseline");
    }
}
